// Vietnamese first, English beside it; the choice is remembered in this browser (and by the server for
// the signed-in user, so mail and messages follow it).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from './locales/vi';
import { en } from './locales/en';
import { consoleVi } from './locales/console.vi';
import { consoleEn } from './locales/console.en';
import { workVi } from './locales/work.vi';
import { workEn } from './locales/work.en';
import { sessionsVi } from './locales/sessions.vi';
import { sessionsEn } from './locales/sessions.en';
import { bankVi } from './locales/bank.vi';
import { bankEn } from './locales/bank.en';
import { rulesVi } from './locales/rules.vi';
import { rulesEn } from './locales/rules.en';
import { setApiLanguage } from './api/client';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'cas.language';

export function storedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function rememberLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  setApiLanguage(lang);
  void i18n.changeLanguage(lang);
}

const initial = storedLanguage();
document.documentElement.lang = initial;
setApiLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: { ...vi, ...consoleVi, ...workVi, ...sessionsVi, ...bankVi, ...rulesVi } }, en: { translation: { ...en, ...consoleEn, ...workEn, ...sessionsEn, ...bankEn, ...rulesEn } } },
  lng: initial,
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
