import i18n from 'i18next';
import { background } from '../app/background';
import { saveDeviceSettings } from '../app/deviceSettings';
import { initReactI18next } from 'react-i18next';
import { ko } from './ko';
import { en } from './en';

export type Language = 'ko' | 'en';

background(
  i18n.use(initReactI18next).init({
    resources: { ko: { translation: ko }, en: { translation: en } },
    // Korean first; the device's chosen language (settings.get) is applied before the first screen.
    lng: 'ko',
    fallbackLng: 'ko',
    interpolation: { escapeValue: false },
    returnNull: false,
  }),
  'start translations',
);

/** Shows the UI in `language` (the choice is kept per device by the caller: saveDeviceSettings). */
export function applyLanguage(language: Language): void {
  background(i18n.changeLanguage(language), 'change language');
  document.documentElement.lang = language;
  document.title = i18n.t('app.title', { lng: language });
}

/** The rep switched the UI language: shown at once and kept in the device store. */
export function setLanguage(language: Language): void {
  applyLanguage(language);
  saveDeviceSettings({ language });
}

export default i18n;
