// A bounded-concurrency load runner with latency percentiles, shared by the benchmarks.

export interface LoadFigures {
  n: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

/** Runs every job with at most `concurrency` in flight; latencies in ms. */
export async function load<T>(jobs: T[], concurrency: number, run: (job: T) => Promise<void>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t = performance.now();
      await run(job);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { n: jobs.length, perSecond: jobs.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

export const figures = (name: string, r: LoadFigures) =>
  `${name}_per_s=${r.perSecond.toFixed(0)} ${name}_p50_ms=${r.p50.toFixed(1)} ${name}_p95_ms=${r.p95.toFixed(1)} ${name}_p99_ms=${r.p99.toFixed(1)}`;
