// Micro benchmark: verifyRegistration over N synthetic registrations with the shipped rule set.
//   npx tsx bench/rules.ts --n 100000 [--concurrent 1000]
// Last line: runs=... seconds=... per_second=...
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { builtInRuleSet } from '../rules/builtin';
import { verifyRegistration, type VerificationFacts } from '../rules/verification';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, concurrent: { type: 'string', default: '1' } } });
const n = Number(values.n);
const concurrent = Math.max(1, Number(values.concurrent));
const doc = builtInRuleSet('VERIFICATION');
if (!doc) throw new Error('no built-in VERIFICATION rule set');

// Mostly clean registrations, like a real list; every rule fires somewhere.
const random = seedrandom('bench-rules');
const chance = (p: number) => random() < p;
const pick = (k: number) => `p${Math.floor(random() * k)}`;
function syntheticFacts(): VerificationFacts {
  const held = pick(40);
  const differs = chance(0.15);
  return {
    chosenPositionId: differs ? pick(40) : held,
    heldPositionId: held,
    chosenFieldId: differs && chance(0.5) ? 'f2' : 'f1',
    heldFieldId: 'f1',
    chosenIsLeadership: chance(0.1),
    heldIsLeadership: chance(0.1),
    monthsInCurrentAssignment: Math.floor(random() * 120),
    chosenIsPreviousPosition: differs && chance(0.3),
    recentAssignmentMonths: 6,
    unitInScope: !chance(0.01),
    fieldInScope: !chance(0.01),
    leadershipGroupInScope: !chance(0.01),
    otherActiveRegistrations: chance(0.005) ? 1 : 0,
  };
}

const facts = Array.from({ length: n }, syntheticFacts);
for (let i = 0; i < Math.min(n, 2_000); i++) await verifyRegistration(doc, facts[i]); // warm up the JIT

const outcomes: Record<string, number> = { CLEAR: 0, FLAGGED: 0, BLOCKED: 0 };
const started = process.hrtime.bigint();
for (let i = 0; i < n; i += concurrent) {
  const batch = facts.slice(i, i + concurrent);
  for (const d of await Promise.all(batch.map((f) => verifyRegistration(doc, f)))) outcomes[d.outcome]++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

console.log(`outcomes ${JSON.stringify(outcomes)} concurrent=${concurrent}`);
console.log(`runs=${n} seconds=${seconds.toFixed(3)} per_second=${Math.round(n / seconds)}`);
