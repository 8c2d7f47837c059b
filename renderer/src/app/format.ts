import { formatEnglishDate, formatEnglishDateTime, formatKoreanDate, formatKoreanDateTime } from '../../../shared/format/date';
import { STATUS_LABELS, KIND_LABELS } from '../../../shared/domain/status';
import type { ApplicationStatus } from '../../../shared/domain/status';
import { formatMoney } from '../../../shared/money';
import { isMessageKey, messageText, type Msg } from '../../../shared/i18n/messages';
import i18n from '../i18n';

const lang = () => (i18n.language === 'en' ? 'en' : 'ko');

export const statusLabel = (s: ApplicationStatus) => STATUS_LABELS[s][lang()];
export const kindLabel = (k: keyof typeof KIND_LABELS) => KIND_LABELS[k][lang()];
/**
 * Dates on screen in the UI language ("2026. 12. 2." / "Dec 2, 2026"), never broken across
 * lines: joined with no-break spaces.
 */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');
export const date = (iso: string) => unbroken(lang() === 'en' ? formatEnglishDate(iso) : formatKoreanDate(iso));
export const dateTime = (iso: string) => unbroken(lang() === 'en' ? formatEnglishDateTime(iso) : formatKoreanDateTime(iso));
/** Money on screen: "260,000원" in Korean, "₩260,000" in English. */
export const money = (amount: number, currency = 'KRW') => formatMoney(amount, currency, lang());
/** A money unit beside an input or a chart axis: 원 / ₩ (other currencies by their code). */
export const moneyUnit = (currency = 'KRW') => (currency === 'KRW' ? (lang() === 'en' ? '₩' : '원') : currency);
/** An axis tick in round figures: 250만 in Korean, 2.5M in English. */
export const roundFigure = (v: number) => (lang() === 'en' ? `${(v / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })}M` : `${Math.round(v / 10000).toLocaleString('ko-KR')}만`);
/** A message from shared/ (a rule's reason, a step, a checklist item) in the UI language. */
export const say = (m: Msg) => messageText(m, lang());
/** A word shared/ names by key (a form, a signature area, a product), or `fallback` for one it does not know. */
export const word = (key: string, fallback: string) => (isMessageKey(key) ? messageText({ key }, lang()) : fallback);
/** A product's name on screen: its catalog's English name where it has one. */
export const productName = (p: { name: string; nameEn?: string | undefined }) => (lang() === 'en' && p.nameEn ? p.nameEn : p.name);
