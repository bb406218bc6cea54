// Opaque handles for an attempt's questions and options: what a candidate receives names nothing another
// candidate's paper shares, neither the item version's id nor an option's original key (A/B/C/D), so "item X:
// answer C" cannot be passed between forms. A handle is a truncated HMAC-SHA256 over (attempt, item version) or
// (attempt, item version, key), under a key derived from the server's signing secret. Nothing is stored: the
// same secret gives the same handles in every API process and after a restart (a browser keeps them in its
// draft). This is the one place that translates, both ways: out for the paper and the saved answers, in for an
// autosave's changes. Storage keeps item version ids and keys.
import { createHmac } from 'node:crypto';

/** 128 bits: 22 base64url characters; a guess or a collision is out of reach. */
const HANDLE_BYTES = 16;

/** What a handle is computed over: a form's item (its options in the candidate's order). */
export interface HandledItem {
  itemVersionId: string;
  optionOrder: string[];
}

/** A saved answer in storage terms. */
export interface StoredAnswer {
  itemVersionId: string;
  chosenKey: string | null;
  flagged: boolean;
  seq: number;
}

/** A change as the candidate sends it: by handles. */
export interface HandledChange {
  itemHandle: string;
  optionHandle: string | null;
  flagged?: boolean;
  seq?: number;
}

/** Why a change could not be translated: a handle that names nothing on this attempt's paper. */
export type HandleProblem = { problem: 'UNKNOWN_ITEM' } | { problem: 'UNKNOWN_OPTION'; number: number };

export class ExamHandles {
  private constructor(private readonly key: Buffer) {}

  /** A key of its own, derived from the server's signing secret (no second secret to configure). */
  static fromSecret(secret: string): ExamHandles {
    return new ExamHandles(createHmac('sha256', secret).update('exam-handles').digest());
  }

  forAttempt(attemptId: string, items: readonly HandledItem[]): AttemptHandles {
    return new AttemptHandles(this, attemptId, items);
  }

  /** @internal: parts are ids from our own database (no NUL: requests carrying one are refused). */
  sign(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\u0000')).digest().subarray(0, HANDLE_BYTES).toString('base64url');
  }
}

/** One attempt's handles. Item handles are computed for the whole paper once, on the first look-up by handle. */
export class AttemptHandles {
  private byHandle: Map<string, { item: HandledItem; number: number }> | null = null;

  constructor(
    readonly signer: ExamHandles,
    readonly attemptId: string,
    private readonly items: readonly HandledItem[],
  ) {}

  item(itemVersionId: string): string {
    return this.signer.sign('item', this.attemptId, itemVersionId);
  }

  option(itemVersionId: string, key: string): string {
    return this.signer.sign('option', this.attemptId, itemVersionId, key);
  }

  /** The saved answers as the candidate sees them: by question handle, the chosen option's handle. */
  present(saved: readonly StoredAnswer[]) {
    const onPaper = new Set(this.items.map((i) => i.itemVersionId));
    const answers: Record<string, string | null> = {};
    const flagged: string[] = [];
    const seqs: Record<string, number> = {};
    for (const a of saved) {
      if (!onPaper.has(a.itemVersionId)) continue;
      const handle = this.item(a.itemVersionId);
      answers[handle] = a.chosenKey === null ? null : this.option(a.itemVersionId, a.chosenKey);
      if (a.flagged) flagged.push(handle);
      seqs[handle] = a.seq;
    }
    return { answers, flagged, seqs };
  }

  /** A candidate's change in storage terms, or why it names nothing on this paper. */
  read(change: HandledChange): { itemVersionId: string; chosenKey: string | null } | HandleProblem {
    const found = this.itemsByHandle().get(change.itemHandle);
    if (!found) return { problem: 'UNKNOWN_ITEM' };
    if (change.optionHandle === null) return { itemVersionId: found.item.itemVersionId, chosenKey: null };
    const key = found.item.optionOrder.find((k) => this.option(found.item.itemVersionId, k) === change.optionHandle);
    return key === undefined ? { problem: 'UNKNOWN_OPTION', number: found.number } : { itemVersionId: found.item.itemVersionId, chosenKey: key };
  }

  private itemsByHandle() {
    this.byHandle ??= new Map(this.items.map((item, index) => [this.item(item.itemVersionId), { item, number: index + 1 }]));
    return this.byHandle;
  }
}
