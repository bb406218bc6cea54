// Translating the message catalogues (messages/vi.ts, messages/en.ts): a key and its params to the text in the
// caller's language. Keys are stable; params are filled in as {name}.
import type { Request } from 'express';
import type { Locale } from '../domain/locale';
import { flatten } from './messages/catalogue';
import { en } from './messages/en';
import { vi } from './messages/vi';

export { LOCALES, type Locale } from '../domain/locale';

type Catalogue = Record<string, string>;

export const catalogues: Record<Locale, Catalogue> = { vi: flatten(vi), en: flatten(en) };

/** Messages added at load time, both languages required. Prefer adding them to messages/vi.ts and messages/en.ts. */
export function addMessages(messages: { vi: Catalogue; en: Catalogue }): void {
  const missing = Object.keys(messages.vi).filter((k) => !(k in messages.en)).concat(Object.keys(messages.en).filter((k) => !(k in messages.vi)));
  if (missing.length) throw new Error(`Messages without both Vietnamese and English: ${missing.join(', ')}`);
  Object.assign(catalogues.vi, messages.vi);
  Object.assign(catalogues.en, messages.en);
}

export type MessageParams = Record<string, string | number>;

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = catalogues[locale][key] ?? catalogues.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // An entity name given as a key is translated too.
    return typeof value === 'string' && value.startsWith('entity.') ? translate(locale, value) : String(value);
  });
}

/** Vietnamese unless the caller asks for English (?lang=en or Accept-Language). */
export function localeOf(req: Request): Locale {
  const asked = (typeof req.query?.lang === 'string' ? req.query.lang : undefined) ?? req.acceptsLanguages('vi', 'en');
  return asked === 'en' ? 'en' : 'vi';
}
