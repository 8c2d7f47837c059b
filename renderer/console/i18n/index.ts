import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ko } from './ko';
import { en } from './en';

const STORAGE_KEY = 'salesdesk.console.language';

function initialLanguage(): 'ko' | 'en' {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

export const ready = i18n.use(initReactI18next).init({
  resources: { ko: { translation: ko }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'ko',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function toggleLanguage(): Promise<unknown> {
  const next = i18n.language === 'en' ? 'ko' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: this session only
  }
  document.documentElement.lang = next;
  return i18n.changeLanguage(next);
}

export default i18n;
