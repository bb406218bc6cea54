// Translating the message catalogues (messages/vi.ts, messages/en.ts): a key and its params to the text in the
// caller's language. Keys are stable; params are filled in as {name}.
import type { Request } from 'express';
import type { Locale } from '../domain/locale';
import { vietnamTime } from '../domain/notification-text';
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

export type MessageParams = Record<string, string | number | Date>;

// Params that carry a code (a status, a kind, a role: "APPROVED", "COORDINATOR, REVIEWER") or a field's name
// ("registrationClosesAt") are put in words, so no code reaches a person's message.
const TERM_PARAMS = new Set(['status', 'kind', 'role', 'allowed', 'type', 'requested']);
const FIELD_PARAMS = new Set(['field', 'previous']);
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function wordParam(locale: Locale, name: string, value: string | number | Date): string {
  if (value instanceof Date) return vietnamTime(value.toISOString());
  if (typeof value !== 'string') return String(value);
  const words = catalogues[locale];
  if (ISO_MOMENT.test(value)) return vietnamTime(value); // times are read in Vietnam time
  if (TERM_PARAMS.has(name)) return value.split(/,\s*/).map((v) => words[`term.${v}`] ?? v).join(', ');
  if (FIELD_PARAMS.has(name) && words[`field.${value}`]) return words[`field.${value}`];
  // A param given as a catalogue key ("entity.Officer", "unitList.action.submit") is translated too.
  return /^[a-z][A-Za-z]*\.[A-Za-z_.]+$/.test(value) && words[value] ? translate(locale, value) : value;
}

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = catalogues[locale][key] ?? catalogues.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    return value === undefined ? `{${name}}` : wordParam(locale, name, value);
  });
}

/** Vietnamese unless the caller asks for English (?lang=en or Accept-Language). */
export function localeOf(req: Request): Locale {
  const asked = (typeof req.query?.lang === 'string' ? req.query.lang : undefined) ?? req.acceptsLanguages('vi', 'en');
  return asked === 'en' ? 'en' : 'vi';
}
