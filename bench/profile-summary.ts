// `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a CPU profile's time went, by self time,
// grouped by package (node_modules/<name>), our own folders, and Node's internals; then the top functions.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const groupOf = (url: string, fn: string) => {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:internal.*/, 'node:internal');
  const own = url.match(/\/work\/[^/]+\/([^/]+)\//);
  if (own) return `ours:${own[1]}`;
  return fn === '(garbage collector)' ? '(gc)' : fn === '(idle)' || fn === '(program)' ? fn : url ? 'other' : `(${fn || 'native'})`;
};
const groups = new Map<string, number>();
const functions = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  const g = groupOf(n.callFrame.url, n.callFrame.functionName);
  groups.set(g, (groups.get(g) ?? 0) + t);
  const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/work\/[^/]+\//, '')}:${n.callFrame.lineNumber + 1}`;
  functions.set(f, (functions.get(f) ?? 0) + t);
}
const busy = total - (groups.get('(idle)') ?? 0);
const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`;
console.log(`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s`);
for (const [g, t] of [...groups].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${pct(t).padStart(6)}  ${g}`);
console.log('--- functions');
for (const [f, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${pct(t).padStart(6)}  ${f}`);
