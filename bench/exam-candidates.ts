// The candidates' side of bench/exam.ts, in a worker thread so the API's event loop serves requests only:
// everyone starts, then saves an answer per round, then submits, over HTTP on loopback.
import { parentPort, workerData } from 'node:worker_threads';
import { load, type LoadFigures } from './load';

interface Candidate {
  id: string;
  token: string;
  /** The paper by its opaque handles, as the start returned it. */
  questions: { itemHandle: string; options: { optionHandle: string }[] }[];
}
const { base, candidates, concurrency, rounds } = workerData as { base: string; candidates: Candidate[]; concurrency: number; rounds: number };

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json()) as { questions?: Candidate['questions']; error?: { message: string } };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error?.message}`);
  return json;
}

const results: Record<string, LoadFigures> = {};
results.start = await load(candidates, concurrency, async (c) => {
  c.questions = (await call('POST', `/exams/${c.id}/start`, c.token)).questions ?? [];
});
const saves = Array.from({ length: rounds }, (_, round) => candidates.map((c) => ({ c, round }))).flat();
results.save = await load(saves, concurrency, async ({ c, round }) => {
  const q = c.questions[round % c.questions.length];
  await call('PUT', `/exams/${c.id}/answers`, c.token, { answers: [{ itemHandle: q.itemHandle, optionHandle: q.options[round % q.options.length].optionHandle }] });
});
results.submit = await load(candidates, concurrency, async (c) => {
  await call('POST', `/exams/${c.id}/submit`, c.token);
});
parentPort!.postMessage(results);
