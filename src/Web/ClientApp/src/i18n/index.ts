import { createI18n } from 'vue-i18n';
import { httpSettings } from '../api/http';
import { en, zhCN, type Messages } from './messages';

export type Locale = 'zh-CN' | 'en';

const storageKey = 'ruleoflaw.locale';

function savedLocale(): Locale {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the page, the <html lang> screen readers follow, and the language the API answers in. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  httpSettings.language = locale;
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
