// Voiding a faulty item for a cycle and regrading, in one transaction, every attempt whose form used it. The
// outcome says what the regrade changed (scores, pass marks, levels), so the coordinator sees its effect.
import type { CompetencyLevel, PrismaClient } from '../prisma/db';
import { writeAudit } from './audit';
import { gradeAttempts, prismaSql } from './grading';
import { levelResult } from './levels';

type LevelOrNone = CompetencyLevel | 'NONE';

export interface RegradeOutcome {
  alreadyVoided: boolean;
  affectedForms: number;
  /** Graded attempts regraded. */
  regraded: number;
  /** Results whose level was decided again by the cycle's frozen rules. */
  relevelled: number;
  /** Results whose score changed, and by how much on average (points out of 100). */
  scoresChanged: number;
  meanScoreChange: number | null;
  /** Results that now pass, or no longer pass, the test's pass mark. */
  passedChanged: number;
  /** Results whose level changed, and the moves counted by (from, to). */
  levelsChanged: number;
  levelMoves: { from: LevelOrNone; to: LevelOrNone; count: number }[];
}

interface Snapshot {
  id: string;
  attemptId: string;
  score: number;
  passed: boolean;
  level: LevelOrNone;
}

async function snapshot(prisma: Pick<PrismaClient, 'result'>, attemptIds: string[]): Promise<Snapshot[]> {
  const rows = await prisma.result.findMany({ where: { attemptId: { in: attemptIds } }, select: { id: true, attemptId: true, score: true, passed: true, level: true } });
  return rows.map((r) => ({ id: r.id, attemptId: r.attemptId, score: Number(r.score), passed: r.passed, level: r.level ?? 'NONE' }));
}

export async function voidItemAndRegrade(
  prisma: PrismaClient,
  input: { cycleId: string; itemVersionId: string; reason: string; actorUserId: string },
): Promise<RegradeOutcome> {
  const outcome = await prisma.$transaction(async (tx) => {
    const forms = await tx.examForm.findMany({
      where: { registration: { cycleId: input.cycleId }, items: { array_contains: [{ itemVersionId: input.itemVersionId }] } },
      select: { id: true, attempt: { select: { id: true, status: true } } },
    });
    const none = { affectedForms: forms.length, regraded: 0, attemptIds: [] as string[], before: [] as Snapshot[] };
    const existing = await tx.itemVoid.findUnique({ where: { cycleId_itemVersionId: { cycleId: input.cycleId, itemVersionId: input.itemVersionId } } });
    if (existing) return { alreadyVoided: true, ...none };
    if (forms.length === 0) return { alreadyVoided: false, ...none };
    await tx.itemVoid.create({ data: { cycleId: input.cycleId, itemVersionId: input.itemVersionId, reason: input.reason, voidedById: input.actorUserId } });
    const graded = forms.map((f) => f.attempt).filter((a) => a && (a.status === 'SUBMITTED' || a.status === 'AUTO_SUBMITTED'));
    const attemptIds = graded.map((a) => a!.id);
    const before = await snapshot(tx, attemptIds);
    const ungraded = await gradeAttempts(prismaSql(tx), attemptIds, new Date());
    if (ungraded.length) throw new Error(`Cannot regrade: ${ungraded.map((u) => `${u.attemptId} (${u.error})`).join(', ')}`);
    await writeAudit(tx, {
      action: 'exam.item_voided', entityType: 'QuestionItemVersion', entityId: input.itemVersionId, cycleId: input.cycleId,
      actorUserId: input.actorUserId, reason: input.reason, details: { affectedForms: forms.length, regraded: graded.length },
    });
    return { alreadyVoided: false, affectedForms: forms.length, regraded: graded.length, attemptIds, before };
  }, { timeout: 300_000 });
  // A regraded result that had a level gets it again from the same frozen rules: the score it rests on changed.
  const levelled = outcome.before.filter((r) => r.level !== 'NONE');
  for (const r of levelled) await levelResult(prisma, r.id);

  const after = new Map((await snapshot(prisma, outcome.attemptIds)).map((r) => [r.id, r]));
  const changes = outcome.before.map((b) => ({ b, a: after.get(b.id) ?? b }));
  const scored = changes.filter(({ a, b }) => a.score !== b.score);
  const moves = new Map<string, { from: LevelOrNone; to: LevelOrNone; count: number }>();
  for (const { a, b } of changes.filter(({ a, b }) => a.level !== b.level)) {
    const key = `${b.level}>${a.level}`;
    const move = moves.get(key) ?? { from: b.level, to: a.level, count: 0 };
    move.count++;
    moves.set(key, move);
  }
  return {
    alreadyVoided: outcome.alreadyVoided,
    affectedForms: outcome.affectedForms,
    regraded: outcome.regraded,
    relevelled: levelled.length,
    scoresChanged: scored.length,
    meanScoreChange: scored.length ? Math.round((changes.reduce((s, { a, b }) => s + a.score - b.score, 0) / changes.length) * 100) / 100 : null,
    passedChanged: changes.filter(({ a, b }) => a.passed !== b.passed).length,
    levelsChanged: [...moves.values()].reduce((s, m) => s + m.count, 0),
    levelMoves: [...moves.values()].sort((x, y) => y.count - x.count),
  };
}
