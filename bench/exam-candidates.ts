// The candidates' side of bench/exam.ts, in a worker thread so the API's event loop serves requests only:
// everyone starts, then saves an answer per round, then submits, over HTTP on loopback.
import { parentPort, workerData } from 'node:worker_threads';
import { load, type LoadFigures } from './load';

interface Candidate {
  id: string;
  /** Signed in as a browser: the session cookie, and its CSRF token for writes. */
  cookie: string;
  csrf: string;
  /** The paper by its opaque handles, as the start returned it. */
  questions: { itemHandle: string; options: { optionHandle: string }[] }[];
}
const { base, candidates, concurrency, rounds } = workerData as { base: string; candidates: Candidate[]; concurrency: number; rounds: number };

async function call(method: string, path: string, c: Candidate, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json()) as { questions?: Candidate['questions']; error?: { message: string } };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error?.message}`);
  return json;
}

const results: Record<string, LoadFigures> = {};
/** Tells the main thread a phase begins or ends (bench/exam.ts --profile profiles the server during each one). */
async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const ack = new Promise((r) => parentPort!.once('message', r));
  parentPort!.postMessage({ phase: name, begins: true });
  await ack;
  const value = await run();
  const done = new Promise((r) => parentPort!.once('message', r));
  parentPort!.postMessage({ phase: name, begins: false });
  await done;
  return value;
}
results.start = await phase('start', () => load(candidates, concurrency, async (c) => {
  c.questions = (await call('POST', `/exams/${c.id}/start`, c)).questions ?? [];
}));
const saves = Array.from({ length: rounds }, (_, round) => candidates.map((c) => ({ c, round }))).flat();
results.save = await phase('save', () => load(saves, concurrency, async ({ c, round }) => {
  const q = c.questions[round % c.questions.length];
  await call('PUT', `/exams/${c.id}/answers`, c, { answers: [{ itemHandle: q.itemHandle, optionHandle: q.options[round % q.options.length].optionHandle }] });
}));
results.submit = await phase('submit', () => load(candidates, concurrency, async (c) => {
  await call('POST', `/exams/${c.id}/submit`, c);
}));
parentPort!.postMessage({ results });
