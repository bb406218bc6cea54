// The shape of a language's catalogue: namespaces of keyed texts. "feedback.caseClosed" is key caseClosed of
// namespace feedback.
export type Catalogue = Record<string, Record<string, string>>;

/** Another language's catalogue: the same namespaces and keys as `T`. */
export type Messages<T extends Catalogue> = { [N in keyof T]: { [K in keyof T[N]]: string } };

/** "namespace.key" → text. */
export function flatten(catalogue: Catalogue): Record<string, string> {
  return Object.fromEntries(Object.entries(catalogue).flatMap(([ns, texts]) => Object.entries(texts).map(([key, text]) => [`${ns}.${key}`, text])));
}
