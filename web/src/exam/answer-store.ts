// The candidate's answers as this browser knows them, kept in localStorage until the server has acknowledged
// them, so a dropped network, a reload or a crashed browser loses nothing. Every change carries an order
// number (server-corrected milliseconds, strictly increasing here): the server keeps the newest change of each
// question, so a late retry of an old save can never overwrite a newer answer. Questions and options are the
// attempt's opaque handles, as the server named them.

export interface LocalAnswer {
  /** The chosen option's handle. */
  optionHandle: string | null;
  flagged: boolean;
  seq: number;
  /** The server has stored this very change. */
  acked: boolean;
}

export interface ServerAnswers {
  answers: Record<string, string | null>;
  flagged: string[];
  seqs: Record<string, number>;
  /** The paper: which question and option handles exist. */
  questions: { itemHandle: string; options: { optionHandle: string }[] }[];
}

export interface PendingChange {
  itemHandle: string;
  optionHandle: string | null;
  flagged: boolean;
  seq: number;
}

/** v2: by handle. A draft of the first format (by item version and option key) means nothing to the server now. */
const keyOf = (attemptId: string) => `cas.exam.v2.${attemptId}`;
const formerKeyOf = (attemptId: string) => `cas.exam.${attemptId}`;

/** A stored draft's answers that still fit the paper; anything else (an older format, a hand edit, another paper) is dropped. */
function fitting(draft: unknown, paper: ServerAnswers['questions']): Record<string, LocalAnswer> {
  const options = new Map(paper.map((q) => [q.itemHandle, new Set(q.options.map((o) => o.optionHandle))]));
  const answers = typeof draft === 'object' && draft !== null ? (draft as { answers?: unknown }).answers : undefined;
  if (typeof answers !== 'object' || answers === null) return {};
  const kept: Record<string, LocalAnswer> = {};
  for (const [itemHandle, value] of Object.entries(answers)) {
    const a = value as Partial<LocalAnswer> | null;
    const choices = options.get(itemHandle);
    if (!choices || typeof a !== 'object' || a === null || typeof a.seq !== 'number' || !Number.isFinite(a.seq) || typeof a.flagged !== 'boolean') continue;
    if (a.optionHandle !== null && (typeof a.optionHandle !== 'string' || !choices.has(a.optionHandle))) continue;
    kept[itemHandle] = { optionHandle: a.optionHandle, flagged: a.flagged, seq: a.seq, acked: a.acked === true };
  }
  return kept;
}

export class AnswerStore {
  private answers: Record<string, LocalAnswer>;
  private lastSeq = 0;
  private listeners = new Set<() => void>();
  private version = 0;

  constructor(
    readonly attemptId: string,
    server: ServerAnswers,
    private readonly now: () => number,
    private readonly storage: Storage = localStorage,
  ) {
    const saved = this.read(server.questions);
    const merged: Record<string, LocalAnswer> = {};
    const handles = new Set([...Object.keys(server.answers), ...server.flagged, ...Object.keys(saved)]);
    for (const handle of handles) {
      const serverSeq = server.seqs[handle] ?? -1;
      const local = saved[handle];
      if (local && local.seq > serverSeq) merged[handle] = { ...local, acked: false };
      else if (handle in server.answers || server.flagged.includes(handle)) {
        merged[handle] = { optionHandle: server.answers[handle] ?? null, flagged: server.flagged.includes(handle), seq: Math.max(serverSeq, 0), acked: true };
      }
    }
    this.answers = merged;
    this.lastSeq = Math.max(0, ...Object.values(merged).map((a) => a.seq));
    this.write();
  }

  get(itemHandle: string): LocalAnswer | undefined {
    return this.answers[itemHandle];
  }

  /** A number that changes on every change, for React to notice. */
  get snapshot(): number {
    return this.version;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  change(itemHandle: string, change: { optionHandle?: string | null; flagged?: boolean }): void {
    const current = this.answers[itemHandle] ?? { optionHandle: null, flagged: false, seq: 0, acked: true };
    const seq = Math.max(Math.floor(this.now()), this.lastSeq + 1);
    this.lastSeq = seq;
    this.answers[itemHandle] = {
      optionHandle: change.optionHandle !== undefined ? change.optionHandle : current.optionHandle,
      flagged: change.flagged ?? current.flagged,
      seq,
      acked: false,
    };
    this.write();
    this.emit();
  }

  pending(limit = 200): PendingChange[] {
    return Object.entries(this.answers)
      .filter(([, a]) => !a.acked)
      .sort(([, a], [, b]) => a.seq - b.seq)
      .slice(0, limit)
      .map(([itemHandle, a]) => ({ itemHandle, optionHandle: a.optionHandle, flagged: a.flagged, seq: a.seq }));
  }

  /** Marks as stored what the server acknowledged, unless the question changed again meanwhile. */
  ack(sent: PendingChange[]): void {
    for (const s of sent) {
      const current = this.answers[s.itemHandle];
      if (current && current.seq === s.seq) current.acked = true;
    }
    this.write();
    this.emit();
  }

  /** After submission nothing more will be sent. */
  forget(): void {
    this.storage.removeItem(keyOf(this.attemptId));
  }

  private read(paper: ServerAnswers['questions']): Record<string, LocalAnswer> {
    this.storage.removeItem(formerKeyOf(this.attemptId));
    try {
      return fitting(JSON.parse(this.storage.getItem(keyOf(this.attemptId)) ?? '{}'), paper);
    } catch {
      return {};
    }
  }

  private write() {
    this.storage.setItem(keyOf(this.attemptId), JSON.stringify({ answers: this.answers }));
  }

  private emit() {
    this.version++;
    for (const l of this.listeners) l();
  }
}
