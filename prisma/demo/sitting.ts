// Simulated candidates sitting a session: who answers what and when, under the item response model of
// simulation.ts, then either through the exam delivery functions themselves (start, autosave rounds, submit or
// the deadline's auto-submit: services/exam-delivery.ts) or, for the many, set-based: the same rows those
// functions write (attempt, saved answers, result and sub-scores graded by domain/grading.ts's gradeAttempt,
// the function the graders call, and the audit entry), a few statements per session instead of a dozen per
// candidate. The demo's test grades every stored attempt again from its answers and finds the same results.
import { randomBytes } from 'node:crypto';
import { sqlPool, type Prisma, type PrismaClient } from '../db';
import { finishAttempt, saveAnswers, startAttempt, submitAttempt } from '../../services/exam-delivery';
import { ExamHandles } from '../../services/exam-handles';
import { gradeQueued } from '../../services/grading';
import { gradeAttempt, type Grade } from '../../domain/grading';
import { answerItem, itemParameters, normal, probabilityCorrect, type Difficulty, type ItemParameters } from './simulation';
import type { Random } from './random';

const MINUTE = 60_000;

export interface BankFacts {
  correctKey: string;
  competencyId: string;
  difficulty: Difficulty;
  parameters: ItemParameters;
}

/** Every item version's key and model parameters, loaded once. */
export async function loadBankFacts(prisma: PrismaClient, seed: string): Promise<Map<string, BankFacts>> {
  const versions = await prisma.questionItemVersion.findMany({ select: { id: true, correctKey: true, competencyId: true, difficulty: true, options: true } });
  return new Map(
    versions.map((v) => {
      const optionKeys = (v.options as { key: string }[]).map((o) => o.key);
      const parameters = itemParameters(seed, { itemVersionId: v.id, difficulty: v.difficulty, optionKeys, correctKey: v.correctKey });
      return [v.id, { correctKey: v.correctKey, competencyId: v.competencyId, difficulty: v.difficulty, parameters }];
    }),
  );
}

export interface FormItem {
  itemVersionId: string;
  competencyId: string;
  optionOrder: string[];
}

/** One candidate's sitting, decided in advance: when they start, what they answer and when, and how it ends. */
export interface Sitting {
  registrationId: string;
  officerId: string;
  formId: string;
  items: FormItem[];
  startedAt: Date;
  deadlineAt: Date;
  /** SUBMITTED by the candidate, or AUTO_SUBMITTED by the clock at the deadline (the last items unanswered). */
  status: 'SUBMITTED' | 'AUTO_SUBMITTED';
  submittedAt: Date;
  answers: { itemVersionId: string; chosenKey: string; flagged: boolean; savedAt: Date }[];
}

/**
 * A candidate of ability `ability` works through the form at their own pace, answering each item as the model
 * says; a slow one is still working when time is up. Unanswered items are never saved, as in the exam room.
 */
export function simulateSitting(
  random: Random,
  ability: number,
  candidate: { registrationId: string; officerId: string; formId: string; items: FormItem[] },
  bank: Map<string, BankFacts>,
  session: { startsAt: Date; durationMinutes: number; multiplier: number },
): Sitting {
  const startedAt = new Date(session.startsAt.getTime() + Math.round(random.float() * 8 * MINUTE) + random.int(0, 59) * 1000);
  const deadlineAt = new Date(startedAt.getTime() + session.durationMinutes * session.multiplier * MINUTE);
  // Minutes per item: about a minute, steadier and quicker for the able.
  const pace = Math.exp(normal(random, Math.log(1.08) - 0.05 * ability, 0.22));
  let clock = startedAt.getTime();
  const answers: Sitting['answers'] = [];
  for (const item of candidate.items) {
    const facts = bank.get(item.itemVersionId)!;
    clock += pace * MINUTE * (0.5 + random.float());
    if (clock >= deadlineAt.getTime()) break;
    // Now and then a candidate leaves an item they feel unsure of, and does not come back to it.
    if (probabilityCorrect(ability, facts.parameters) < 0.45 && random.chance(0.03)) continue;
    answers.push({
      itemVersionId: item.itemVersionId,
      chosenKey: answerItem(random, ability, facts.parameters, facts.correctKey),
      flagged: random.chance(0.03),
      savedAt: new Date(Math.round(clock)),
    });
  }
  const finishing = clock + (2 + 4 * random.float()) * MINUTE; // a last look over the answers
  const timedOut = clock >= deadlineAt.getTime() || finishing >= deadlineAt.getTime();
  return {
    ...candidate,
    startedAt,
    deadlineAt,
    status: timedOut ? 'AUTO_SUBMITTED' : 'SUBMITTED',
    submittedAt: timedOut ? deadlineAt : new Date(Math.round(finishing)),
    answers,
  };
}

/** What a result would be: the grading function itself, on the sitting's answers (used to calibrate abilities). */
export function gradeSitting(sitting: Pick<Sitting, 'items' | 'answers'>, bank: Map<string, BankFacts>, requiredLevels: Record<string, number>): Grade {
  return gradeAttempt({
    items: sitting.items.map((i) => ({ itemVersionId: i.itemVersionId, competencyId: i.competencyId, correctKey: bank.get(i.itemVersionId)!.correctKey })),
    answers: Object.fromEntries(sitting.answers.map((a) => [a.itemVersionId, a.chosenKey])),
    requiredLevels,
  });
}

/**
 * A sitting whose outcome must be a given one (the published department's figures, a re-examination's pass or
 * fail): the candidate's ability is moved by bisection over fresh draws until `judge` accepts the answers
 * (0), or says the candidate must be abler (+1) or less able (-1). Deterministic: the draws are seeded.
 */
export async function calibrateSitting(draw: (ability: number, attempt: number) => Sitting, start: number, judge: (s: Sitting) => Promise<number>): Promise<Sitting> {
  let ability = start;
  let step = 0.6;
  let lastDirection = 0;
  for (let attempt = 0; attempt < 400; attempt++) {
    const sitting = draw(ability, attempt);
    const direction = await judge(sitting);
    if (direction === 0) return sitting;
    if (lastDirection !== 0 && direction !== lastDirection) step = Math.max(0.05, step / 2);
    lastDirection = direction;
    ability += direction * step;
  }
  throw new Error('could not calibrate a sitting to the outcome asked for');
}

/** Handles are never stored, so a sitting that starts and ends in this process may use a key of its own. */
const demoHandles = ExamHandles.fromSecret(randomBytes(32).toString('hex'));

/** Through the exam room's own functions: start, two or three autosave rounds, then submit (or the clock does). */
export async function sitThroughDelivery(prisma: PrismaClient, sitting: Sitting): Promise<void> {
  const started = await startAttempt(prisma, demoHandles, { registrationId: sitting.registrationId, officerId: sitting.officerId, now: sitting.startedAt });
  // The candidate answers by the handles on their paper.
  const handles = demoHandles.forAttempt(started.attemptId, sitting.items);
  const byHandle = (a: Sitting['answers'][number]) => ({ itemHandle: handles.item(a.itemVersionId), optionHandle: handles.option(a.itemVersionId, a.chosenKey) });
  const rounds = 3;
  const per = Math.ceil(sitting.answers.length / rounds);
  for (let i = 0; i < sitting.answers.length; i += per) {
    const batch = sitting.answers.slice(i, i + per);
    const savedAt = batch[batch.length - 1].savedAt;
    await saveAnswers(prisma, demoHandles, {
      registrationId: sitting.registrationId,
      officerId: sitting.officerId,
      answers: batch.map((a) => ({ ...byHandle(a), flagged: a.flagged, seq: a.savedAt.getTime() })),
      now: savedAt,
    });
  }
  if (sitting.status === 'SUBMITTED') {
    await submitAttempt(prisma, { registrationId: sitting.registrationId, officerId: sitting.officerId, now: sitting.submittedAt });
    await gradeQueued(prisma, { attemptIds: [started.attemptId] }); // what the API's grader does a moment later
  } else await finishAttempt(prisma, started.attemptId, 'AUTO_SUBMITTED', sitting.deadlineAt); // what the session's sweeper does
}

export interface GradingFacts {
  bank: Map<string, BankFacts>;
  /** The registered position of each registration, and each position's framework (competency -> required level). */
  positionOf: Map<string, string>;
  frameworks: Map<string, Record<string, number>>;
  passMarkOf: Map<string, number>;
  blueprintOfForm: Map<string, string>;
}

/**
 * The rows startAttempt, saveAnswers and finishAttempt write for these sittings, set-based: attempts, the saved
 * answers, results graded by gradeAttempt with their sub-scores, and the audit entries. Returns the results.
 */
export async function writeSittings(prisma: PrismaClient, sittings: Sitting[], facts: GradingFacts, cycleId: string): Promise<{ resultId: string; grade: Grade }[]> {
  if (sittings.length === 0) return [];
  const attempts: Record<string, unknown>[] = [];
  const answers: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  const scores: Record<string, unknown>[] = [];
  const audit: Prisma.AuditLogCreateManyInput[] = [];
  const graded: { resultId: string; grade: Grade }[] = [];
  for (const s of sittings) {
    const attemptId = `AT-${s.registrationId}`;
    const resultId = `RS-${s.registrationId}`;
    attempts.push({ id: attemptId, registrationId: s.registrationId, formId: s.formId, status: s.status, startedAt: s.startedAt.toISOString(), deadlineAt: s.deadlineAt.toISOString(), submittedAt: s.submittedAt.toISOString() });
    for (const a of s.answers) {
      answers.push({ attemptId, itemVersionId: a.itemVersionId, chosenKey: a.chosenKey, flagged: a.flagged, seq: a.savedAt.getTime(), savedAt: a.savedAt.toISOString() });
    }
    const positionId = facts.positionOf.get(s.registrationId)!;
    const grade = gradeSitting(s, facts.bank, facts.frameworks.get(positionId) ?? {});
    const passMark = facts.passMarkOf.get(facts.blueprintOfForm.get(s.formId)!) ?? 50;
    results.push({
      id: resultId, attemptId, registrationId: s.registrationId, cycleId, officerId: s.officerId, positionId,
      score: grade.score, correctCount: grade.correctCount, itemCount: grade.itemCount, passed: grade.score >= passMark, gradedAt: s.submittedAt.toISOString(),
    });
    for (const c of grade.competencies) {
      scores.push({ resultId, competencyId: c.competencyId, score: c.score, correctCount: c.correctCount, itemCount: c.itemCount, requiredLevel: c.requiredLevel });
    }
    audit.push({ action: s.status === 'SUBMITTED' ? 'exam.submitted' : 'exam.auto_submitted', entityType: 'Attempt', entityId: attemptId, at: s.submittedAt });
    graded.push({ resultId, grade });
  }
  // One statement per table, each row set sent as one JSON parameter: the wide answer table in particular.
  const pool = sqlPool(prisma);
  const insert = (table: string, columns: string, types: string, rows: unknown[]) =>
    pool.query(`INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS d(${types})`, [JSON.stringify(rows)]);
  await insert('Attempt', 'id, "registrationId", "formId", status, "startedAt", "deadlineAt", "submittedAt"',
    'id text, "registrationId" text, "formId" text, status "AttemptStatus", "startedAt" timestamp, "deadlineAt" timestamp, "submittedAt" timestamp', attempts);
  await insert('AttemptAnswer', '"attemptId", "itemVersionId", "chosenKey", flagged, seq, "savedAt"',
    '"attemptId" text, "itemVersionId" text, "chosenKey" text, flagged boolean, seq bigint, "savedAt" timestamp', answers);
  await insert('Result', 'id, "attemptId", "registrationId", "cycleId", "officerId", "positionId", score, "correctCount", "itemCount", passed, "gradedAt"',
    'id text, "attemptId" text, "registrationId" text, "cycleId" text, "officerId" text, "positionId" text, score numeric, "correctCount" int, "itemCount" int, passed boolean, "gradedAt" timestamp', results);
  await insert('ResultCompetencyScore', '"resultId", "competencyId", score, "correctCount", "itemCount", "requiredLevel"',
    '"resultId" text, "competencyId" text, score numeric, "correctCount" int, "itemCount" int, "requiredLevel" int', scores);
  await prisma.auditLog.createMany({ data: audit });
  return graded;
}
