import { z } from 'zod';
import { phoneNumber, requiredText } from './fields';

/**
 * This device's own settings (issue 11, item 13), kept in the device store (not in browser
 * storage): the UI language and the seller block a new application starts with.
 */
const UI_LANGUAGES = ['ko', 'en'] as const;

/** The rep's own 판매자 block (소속, 성명, 연락처) as the last application saved it. */
export const sellerDefaultsSchema = z.strictObject({
  team: requiredText('판매자 소속', 100),
  name: requiredText('판매자 성명', 50),
  phone: phoneNumber('판매자 연락처'),
});

export const deviceSettingsSchema = z.strictObject({
  language: z.enum(UI_LANGUAGES).nullable(),
  seller: sellerDefaultsSchema.nullable(),
});
export type DeviceSettings = z.output<typeof deviceSettingsSchema>;

/** A change: only the keys given are written (null clears one). */
export const deviceSettingsPatchSchema = z.strictObject({
  language: z.enum(UI_LANGUAGES, { error: "화면 언어는 'ko'(한국어) 또는 'en'(English)입니다." }).nullable().optional(),
  seller: sellerDefaultsSchema.nullable().optional(),
});
export type DeviceSettingsPatch = z.output<typeof deviceSettingsPatchSchema>;

export const SETTING_KEYS = ['language', 'seller'] as const;
