// What a request that fails its schema is told: each problem names the field in the words of the caller's
// language (the `field` catalogue) and says what is expected in words, not in the schema library's terms
// ("mong đợi string, nhận được undefined").
import type { z } from 'zod';
import { catalogues, translate, type Locale, type MessageParams } from './i18n';

/** The field's name in words; the last named step of the issue's path (ratings.2.level is "level"). */
function fieldOf(issue: z.core.$ZodIssue, locale: Locale): { name: string | undefined; label: string } {
  const name = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
  const label = name ? (catalogues[locale][`field.${name}`] ?? name) : translate(locale, 'validate.request');
  return { name, label };
}

const KINDS = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'date']);
const FORMATS: Record<string, string> = { datetime: 'datetime', date: 'date', email: 'email', url: 'url' };

export function describeIssue(issue: z.core.$ZodIssue, locale: Locale): string {
  const { name, label } = fieldOf(issue, locale);
  const say = (key: string, params: MessageParams = {}) => translate(locale, `validate.${key}`, { field: label, ...params });
  switch (issue.code) {
    case 'invalid_type': {
      // Issues carry their input (the routes parse with reportInput): none means the field was left out.
      if (!('input' in issue) || issue.input === undefined) return say('required');
      const kind = KINDS.has(issue.expected) ? issue.expected : 'other';
      return say('type', { expected: translate(locale, `validate.kind.${kind}`) });
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const n = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return say(small ? 'minLength' : 'maxLength', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return say(small ? 'minItems' : 'maxItems', { n });
      if (issue.inclusive === false) return say(small ? 'above' : 'below', { n });
      return say(small ? 'min' : 'max', { n });
    }
    case 'invalid_format': {
      if (issue.format === 'regex' && name && catalogues[locale][`validate.pattern.${name}`]) return say(`pattern.${name}`);
      return say(FORMATS[issue.format] ?? 'format');
    }
    case 'invalid_value':
      return say('oneOf', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return say('unknownKeys', { keys: issue.keys.join(', ') });
    case 'not_multiple_of':
      return say('multipleOf', { n: Number(issue.divisor) });
    case 'custom': {
      // A route's own check names its message in the catalogue: params { key, ...its params }.
      const { key, ...params } = (issue.params ?? {}) as { key?: string } & MessageParams;
      return key ? translate(locale, key, { field: label, ...params }) : say('invalid');
    }
    default:
      return say('invalid');
  }
}
