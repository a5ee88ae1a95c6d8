import type { LocalizedText } from '@pdca/domain/localized-text';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { setApiLanguage } from './api/client';
import type { Lang } from './lib/format';
import { messages } from './messages';

const STORAGE_KEY = 'pdca.lang';

/** The remembered choice, else the browser's: Japanese when it prefers ja, English otherwise. */
export function initialLanguage(stored: string | null, browserLanguages: readonly string[]): Lang {
  if (stored === 'ja' || stored === 'en') return stored;
  const first = browserLanguages.find((l) => /^(ja|en)\b/i.test(l));
  return first?.toLowerCase().startsWith('ja') ? 'ja' : first ? 'en' : 'ja';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setupI18n(): void {
  const lang = initialLanguage(readStored(), navigator.languages ?? [navigator.language]);
  void i18next.use(initReactI18next).init({
    resources: { ja: { translation: messages.ja }, en: { translation: messages.en } },
    lng: lang,
    fallbackLng: 'ja',
    interpolation: { escapeValue: false },
  });
  applyLanguage(lang);
}

function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = messages[lang].app.title;
  setApiLanguage(lang);
}

export function changeLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyLanguage(lang);
  void i18next.changeLanguage(lang);
}

/** `t`, the current language and `l` for the domain's `{ ja, en }` labels. */
export function useI18n() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'ja';
  const l = (text: LocalizedText | null | undefined): string => (text ? text[lang] : '');
  return { t, lang, l };
}
