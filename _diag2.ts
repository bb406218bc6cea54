import { createPrisma } from './prisma/db';
import { seedDemoData } from './prisma/seed';
import { createScratchDatabase } from './test/scratch-database';
import { submitRatings } from './activities/feedback';
import { DEFAULT_FEEDBACK_POLICY } from './domain/feedback-policy';
import { declarationSubjects } from './domain/feedback-subject';
const db = await createScratchDatabase('diag');
const prisma = createPrisma(db.url, { max: 8 });
await seedDemoData(prisma, { officers: 600, seed: 'customs-2026' });
const decls = await prisma.declaration.findMany({ include: { handlings: true } });
let t = performance.now();
const parts: Record<string, number> = {};
const time = async <T>(k: string, f: () => Promise<T>) => { const a = performance.now(); const r = await f(); parts[k] = (parts[k] ?? 0) + performance.now() - a; return r; };
for (const d of decls.slice(0, 200)) {
  const s = declarationSubjects(d).slice(0, 4);
  await time('submit', () => submitRatings(prisma, { businessId: d.businessId, declarationId: d.id, actorUserId: 'x', policy: DEFAULT_FEEDBACK_POLICY, ratings: s.map((x) => ({ subject: x.key, level: 'SATISFIED', reasonCodes: [], comment: null })) }));
  await time('findUnique', () => prisma.declaration.findUnique({ where: { id: d.id }, include: { handlings: true } }));
  await time('reasons', () => prisma.feedbackReason.findMany({ where: { active: true } }));
  await time('readback', () => prisma.feedback.findMany({ where: { declarationId: d.id }, include: { subjectUnit: true, subjectStage: true, subjectOfficer: true, case: true, declaration: { select: { id: true, number: true } } } }));
}
console.log('total per iteration', ((performance.now() - t) / 200).toFixed(1), Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, (v / 200).toFixed(2)])));
await prisma.$disconnect();
await db.drop();
