import i18n from 'i18next';
import { background } from '../app/background';
import { initReactI18next } from 'react-i18next';
import { ko } from './ko';
import { en } from './en';

export type Language = 'ko' | 'en';
const STORAGE_KEY = 'salesdesk.language';

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

background(i18n.use(initReactI18next).init({
  resources: { ko: { translation: ko }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'ko',
  interpolation: { escapeValue: false },
  returnNull: false,
}), 'start translations');

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this session only
  }
  background(i18n.changeLanguage(language), 'change language');
  document.documentElement.lang = language;
}

export default i18n;
