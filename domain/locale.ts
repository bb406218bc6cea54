// The languages people read: Vietnamese first, English beside it. One list for the API, the rules' wording and
// the stored preference of each user.
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text written in both languages. */
export type LocalizedText = Record<Locale, string>;
