// What changed between two versions of a question: which parts, which options, and the stem word by word
// (a longest-common-subsequence diff over words), so the comparison can mark exactly what an edit touched.

export interface VersionContent {
  stem: string;
  options: { key: string; text: string }[];
  correctKey: string;
  competencyId: string;
  difficulty: string;
  fieldId: string | null;
  positionIds: string[];
}

export type OptionChange = 'same' | 'changed' | 'added' | 'removed';

export interface VersionChanges {
  stem: boolean;
  correctKey: boolean;
  competencyId: boolean;
  difficulty: boolean;
  fieldId: boolean;
  positionIds: boolean;
  /** Every key in either version, in key order. */
  options: Record<string, OptionChange>;
  /** Anything at all. */
  any: boolean;
}

export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export function versionChanges(before: VersionContent, after: VersionContent): VersionChanges {
  const textOf = (v: VersionContent) => new Map(v.options.map((o) => [o.key, o.text]));
  const a = textOf(before);
  const b = textOf(after);
  const options: Record<string, OptionChange> = {};
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    options[key] = !a.has(key) ? 'added' : !b.has(key) ? 'removed' : a.get(key) === b.get(key) ? 'same' : 'changed';
  }
  const changes = {
    stem: before.stem !== after.stem,
    correctKey: before.correctKey !== after.correctKey,
    competencyId: before.competencyId !== after.competencyId,
    difficulty: before.difficulty !== after.difficulty,
    fieldId: (before.fieldId ?? null) !== (after.fieldId ?? null),
    positionIds: !sameSet(before.positionIds, after.positionIds),
    options,
  };
  const any = changes.stem || changes.correctKey || changes.competencyId || changes.difficulty || changes.fieldId || changes.positionIds || Object.values(options).some((o) => o !== 'same');
  return { ...changes, any };
}

/** Words and the spaces after them, so that joining the parts gives the text back exactly. */
const tokens = (s: string) => s.match(/\S+\s*|\s+/g) ?? [];

/**
 * The words of `before` and `after` as one sequence: kept words, removed ones (only in before) and added ones
 * (only in after). Adjacent parts of the same kind are merged. Compares words without their trailing spaces.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  const word = (t: string) => t.trimEnd();
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = word(a[i]) === word(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  const push = (text: string, kind: DiffPart['kind']) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (word(a[i]) === word(b[j])) {
      push(b[j], 'same');
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) push(a[i++], 'removed');
    else push(b[j++], 'added');
  }
  while (i < a.length) push(a[i++], 'removed');
  while (j < b.length) push(b[j++], 'added');
  return parts;
}
