// Exam sessions' use cases: plan a session at a department's test centre, and publish it, which draws the
// candidates' forms, starts the session's clock (its ExamSessionWorkflow, once) and tells the candidates; then,
// for the session's workflow, submit the attempts whose time is up and close the session with its item analysis.
import { sqlPool, type ExamSession, type PrismaClient, type Role } from '../prisma/db';
import { writeAudit } from './audit';
import { generateSessionForms } from './exam-scheduling';
import { gradeQueued } from './grading';
import { analyseItems } from './item-analysis';
import { notifyUsers } from './notifications';
import type { WorkflowGateway } from './workflow-gateway';

interface Actor {
  id: string;
  role: Role;
}

export interface NewSession {
  cycleId: string;
  unitId: string;
  code: string;
  startsAt: Date;
  capacity: number;
  room?: string;
  lateStartMinutes?: number;
}

export async function planSession(prisma: PrismaClient, input: NewSession, actor: Actor): Promise<ExamSession> {
  return prisma.$transaction(async (tx) => {
    const session = await tx.examSession.create({ data: input });
    await writeAudit(tx, { action: 'exam.session_created', entityType: 'ExamSession', entityId: session.id, cycleId: input.cycleId, unitId: input.unitId, actorUserId: actor.id, actorRole: actor.role, details: { code: input.code, capacity: input.capacity } });
    return session;
  });
}

/** Publishing again draws only the forms still missing and keeps the same clock. */
export async function publishSession(prisma: PrismaClient, workflows: WorkflowGateway, session: ExamSession, actor: Actor) {
  const forms = await generateSessionForms(prisma, session.id);
  const lastStartAt = new Date(session.startsAt.getTime() + session.lateStartMinutes * 60_000);
  await workflows.startOnce('examSession', session.id, { sessionId: session.id, startsAt: session.startsAt.toISOString(), lastStartAt: lastStartAt.toISOString() });
  const published = await prisma.$transaction(async (tx) => {
    const updated = await tx.examSession.update({ where: { id: session.id }, data: { status: 'PUBLISHED' } });
    if (session.status !== 'PUBLISHED') {
      await writeAudit(tx, { action: 'exam.session_published', entityType: 'ExamSession', entityId: session.id, cycleId: session.cycleId, unitId: session.unitId, actorUserId: actor.id, actorRole: actor.role, details: forms });
    }
    return updated;
  });
  const candidates = await prisma.user.findMany({ where: { officer: { registrations: { some: { seat: { sessionId: session.id } } } } }, select: { id: true } });
  await notifyUsers(prisma, candidates.map((c) => c.id), {
    key: `session-published:${session.id}`,
    templateKey: 'exam.sessionPublished',
    unitId: session.unitId,
    params: { sessionId: session.id, code: session.code, startsAt: session.startsAt.toISOString(), room: session.room ?? '' },
  });
  return { ...published, forms };
}

/**
 * Submits every attempt of the session past its deadline at `now` (the server's clock) with what was saved, in
 * one statement, and grades whatever of the session is still queued (these, and any a grader left). Idempotent.
 */
export async function sweepExpiredAttempts(prisma: PrismaClient, sessionId: string, now: Date) {
  const { rows: closed } = await sqlPool(prisma).query(
    `WITH closed AS (
       UPDATE "Attempt" t SET status = 'AUTO_SUBMITTED', "submittedAt" = t."deadlineAt"
       FROM "ExamSeat" s WHERE s."registrationId" = t."registrationId" AND s."sessionId" = $1 AND t.status = 'IN_PROGRESS' AND t."deadlineAt" <= $2
       RETURNING t.id)
     INSERT INTO "GradingQueue" ("attemptId", "queuedAt") SELECT id, $2 FROM closed RETURNING "attemptId"`,
    [sessionId, now.toISOString()],
  );
  const { rows: queued } = await sqlPool(prisma).query<{ attemptId: string }>(
    `SELECT q."attemptId" FROM "GradingQueue" q JOIN "Attempt" t ON t.id = q."attemptId" JOIN "ExamSeat" s ON s."registrationId" = t."registrationId" WHERE s."sessionId" = $1`,
    [sessionId],
  );
  for (let i = 0; i < queued.length; i += 500) await gradeQueued(prisma, { attemptIds: queued.slice(i, i + 500).map((q) => q.attemptId), now });
  const next = await prisma.attempt.aggregate({
    where: { status: 'IN_PROGRESS', registration: { seat: { sessionId } } },
    _min: { deadlineAt: true },
    _count: true,
  });
  return { at: now.toISOString(), submitted: closed.length, inProgress: next._count, nextDeadlineAt: next._min.deadlineAt?.toISOString() ?? null };
}

/** The last attempt is in: the session is done and its items are analysed. */
export async function closeSession(prisma: PrismaClient, sessionId: string) {
  const session = await prisma.examSession.update({ where: { id: sessionId }, data: { status: 'DONE' } });
  const analysis = await analyseItems(prisma, { cycleId: session.cycleId, sessionId });
  return { items: analysis.items, attempts: analysis.attempts };
}
