// The candidate's answers as this browser knows them, kept in localStorage until the server has acknowledged
// them, so a dropped network, a reload or a crashed browser loses nothing. Every change carries an order
// number (server-corrected milliseconds, strictly increasing here): the server keeps the newest change of each
// question, so a late retry of an old save can never overwrite a newer answer.

export interface LocalAnswer {
  chosenKey: string | null;
  flagged: boolean;
  seq: number;
  /** The server has stored this very change. */
  acked: boolean;
}

export interface ServerAnswers {
  answers: Record<string, string | null>;
  flagged: string[];
  seqs: Record<string, number>;
}

export interface PendingChange {
  itemVersionId: string;
  chosenKey: string | null;
  flagged: boolean;
  seq: number;
}

const keyOf = (attemptId: string) => `cas.exam.${attemptId}`;

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
    const saved = this.read();
    const merged: Record<string, LocalAnswer> = {};
    const ids = new Set([...Object.keys(server.answers), ...server.flagged, ...Object.keys(saved)]);
    for (const id of ids) {
      const serverSeq = server.seqs[id] ?? -1;
      const local = saved[id];
      if (local && local.seq > serverSeq) merged[id] = { ...local, acked: false };
      else if (id in server.answers || server.flagged.includes(id)) {
        merged[id] = { chosenKey: server.answers[id] ?? null, flagged: server.flagged.includes(id), seq: Math.max(serverSeq, 0), acked: true };
      }
    }
    this.answers = merged;
    this.lastSeq = Math.max(0, ...Object.values(merged).map((a) => a.seq));
    this.write();
  }

  get(itemVersionId: string): LocalAnswer | undefined {
    return this.answers[itemVersionId];
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

  change(itemVersionId: string, change: { chosenKey?: string | null; flagged?: boolean }): void {
    const current = this.answers[itemVersionId] ?? { chosenKey: null, flagged: false, seq: 0, acked: true };
    const seq = Math.max(Math.floor(this.now()), this.lastSeq + 1);
    this.lastSeq = seq;
    this.answers[itemVersionId] = {
      chosenKey: change.chosenKey !== undefined ? change.chosenKey : current.chosenKey,
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
      .map(([itemVersionId, a]) => ({ itemVersionId, chosenKey: a.chosenKey, flagged: a.flagged, seq: a.seq }));
  }

  /** Marks as stored what the server acknowledged, unless the question changed again meanwhile. */
  ack(sent: PendingChange[]): void {
    for (const s of sent) {
      const current = this.answers[s.itemVersionId];
      if (current && current.seq === s.seq) current.acked = true;
    }
    this.write();
    this.emit();
  }

  /** After submission nothing more will be sent. */
  forget(): void {
    this.storage.removeItem(keyOf(this.attemptId));
  }

  private read(): Record<string, LocalAnswer> {
    try {
      return (JSON.parse(this.storage.getItem(keyOf(this.attemptId)) ?? '{}') as { answers?: Record<string, LocalAnswer> }).answers ?? {};
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
