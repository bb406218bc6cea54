// PGlite is one PostgreSQL session; several client connections share it. The socket library's own queue
// (pglite-socket 0.2.17) hands the session to another connection between any two protocol messages outside a
// transaction, so one connection's Parse/Bind/Execute/Sync interleaved with another's ("bind message supplies 2
// parameters, but prepared statement \"\" requires 1", "portal \"\" does not exist", or a statement bound to
// another's parameters), and one failed message stopped the queue for good (electric-sql/pglite#1046).
// Here a connection owns the session from its first message until PostgreSQL says ReadyForQuery "idle": the
// end of a simple query or of an extended batch's Sync outside a transaction, the point where a real server's
// session would hold nothing of that client's either.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z', length 5, then the transaction status
const IDLE = 0x49; // 'I'
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

const ROLLBACK = simpleQuery('ROLLBACK');

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** The last six bytes of a response streamed in chunks: enough to read its final ReadyForQuery. */
function keepTail(tail: number[], data: Uint8Array): void {
  for (const b of data.subarray(Math.max(0, data.length - 6))) tail.push(b);
  tail.splice(0, Math.max(0, tail.length - 6));
}

/** True when a response ends with ReadyForQuery "idle": the session holds nothing of this client's. */
function endsIdle(tail: number[]): boolean {
  const n = tail.length;
  return n >= 6 && tail[n - 6] === READY_FOR_QUERY && tail[n - 5] === 0 && tail[n - 4] === 0 && tail[n - 3] === 0 && tail[n - 2] === 5 && tail[n - 1] === IDLE;
}

/** The queue PGLiteSocketHandler calls: enqueue, clearQueueForHandler, clearTransactionIfNeeded, getQueueLength. */
export class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (const p of this.queue.filter((q) => q.handlerId === handlerId)) p.reject(new Error('Handler disconnected'));
    this.queue = this.queue.filter((q) => q.handlerId !== handlerId);
  }

  /** A connection that goes away while it owns the session: end its batch and its transaction, free the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (!(await this.send(SYNC))) await this.send(ROLLBACK);
    this.owner = null;
    void this.run();
  }

  /** One message of our own on the session, its answer dropped; true when the session is then idle. */
  private async send(message: Uint8Array): Promise<boolean> {
    const tail: number[] = [];
    await this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: (data) => keepTail(tail, data) }));
    return endsIdle(tail);
  }

  private next(): Pending | undefined {
    const i = this.owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let p = this.next(); p; p = this.next()) {
        this.owner = p.handlerId;
        const tail: number[] = [];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(p.message, {
              onRawData: (data) => {
                bytes += data.length;
                keepTail(tail, data);
                p.onData(data);
              },
            }),
          );
          if (endsIdle(tail)) this.owner = null;
          p.resolve(bytes);
        } catch (error) {
          // This message failed inside PGlite: the connection is told, the queue goes on.
          p.reject(error as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

export interface SessionServer {
  stop(): Promise<void>;
}

/** A PostgreSQL wire-protocol server on one PGlite, its connections taking turns a whole batch at a time. */
export async function serveSession(db: PGlite, port: number, host: string, maxConnections: number): Promise<SessionServer> {
  await db.waitReady;
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= maxConnections) {
      socket.end('Too many connections\n');
      return;
    }
    // The handler only calls the four methods SessionQueue has; its option type names the library's own class.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    async stop() {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
