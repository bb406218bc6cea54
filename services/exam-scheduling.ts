// Exam scheduling: approved candidates get seats in their own department's sessions (never two seats, never
// over capacity); whoever cannot be seated is reported, not dropped. Forms are drawn before the session.
import type { Prisma, PrismaClient } from '../prisma/db';
import { BlueprintShortfallError, assembleForm, formSeed, indexBank, type BankItem, type BlueprintSpec } from '../domain/exam-form';
import { unitPath } from '../domain/unit-path';
import { writeAudit } from './audit';

type Db = PrismaClient | Prisma.TransactionClient;

/** Candidates of a department: active first-round registrations on an approved list, not rejected. */
export function candidateWhere(cycleId: string, departmentPath: string): Prisma.RegistrationWhereInput {
  return {
    cycleId,
    round: 1,
    status: 'ACTIVE',
    reviewDecision: { not: 'REJECTED' },
    unit: { path: { startsWith: departmentPath } },
    cycle: { unitLists: { some: { status: 'APPROVED', unit: { path: departmentPath } } } },
  };
}

/**
 * Why an approved candidate has no seat: no session of the department is open for seating, the open ones are
 * full, or there are free seats and seating has not been run since the candidate was approved.
 */
export type UnseatedReason = 'NO_SESSION' | 'NO_FREE_SEAT' | 'NOT_SEATED_YET';

export function unseatedReason(openSessions: number, freeSeats: number): UnseatedReason {
  if (openSessions === 0) return 'NO_SESSION';
  return freeSeats > 0 ? 'NOT_SEATED_YET' : 'NO_FREE_SEAT';
}

export interface SeatingReport {
  assigned: number;
  alreadySeated: number;
  unseated: { registrationId: string; officerId: string; employeeCode: string; fullName: string; reason: UnseatedReason }[];
}

/** Seats every unseated candidate of the department in its sessions, earliest first, up to capacity. */
export async function assignSeats(prisma: PrismaClient, cycleId: string, departmentId: string, actorUserId: string | null): Promise<SeatingReport> {
  return prisma.$transaction(async (tx) => {
    const department = await tx.unit.findUniqueOrThrow({ where: { id: departmentId } });
    // Serialise seating per department so two requests never hand out the same seat.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seats:${cycleId}:${departmentId}`}))`;
    const sessions = await tx.examSession.findMany({
      where: { cycleId, unitId: departmentId, status: { in: ['PLANNED', 'PUBLISHED'] } },
      include: { seats: { select: { seatNumber: true } } },
      orderBy: [{ startsAt: 'asc' }, { code: 'asc' }],
    });
    const candidates = await tx.registration.findMany({
      where: candidateWhere(cycleId, department.path),
      include: { seat: true, officer: true },
      orderBy: [{ unitId: 'asc' }, { officer: { employeeCode: 'asc' } }],
    });
    const waiting = candidates.filter((c) => !c.seat);
    const seats: Prisma.ExamSeatCreateManyInput[] = [];
    for (const session of sessions) {
      const taken = new Set(session.seats.map((s) => s.seatNumber));
      for (let n = 1; n <= session.capacity && seats.length < waiting.length; n++) {
        if (!taken.has(n)) seats.push({ sessionId: session.id, registrationId: waiting[seats.length].id, seatNumber: n });
      }
    }
    if (seats.length) await tx.examSeat.createMany({ data: seats });
    const reason = unseatedReason(sessions.length, 0); // whoever is left over found every open seat taken
    const unseated = waiting.slice(seats.length).map((c) => ({ registrationId: c.id, officerId: c.officerId, employeeCode: c.officer.employeeCode, fullName: c.officer.fullName, reason }));
    await writeAudit(tx, {
      action: 'exam.seats_assigned', entityType: 'Unit', entityId: departmentId, cycleId, unitId: departmentId, actorUserId,
      details: { assigned: seats.length, unseated: unseated.length },
    });
    return { assigned: seats.length, alreadySeated: candidates.length - waiting.length, unseated };
  });
}

/** Moves a candidate to another session of the same department, if it has a free seat and neither has begun. */
export async function moveSeat(prisma: PrismaClient, registrationId: string, sessionId: string, actorUserId: string) {
  return prisma.$transaction(async (tx) => {
    const seat = await tx.examSeat.findUnique({ where: { registrationId }, include: { session: true, registration: { include: { unit: true, attempts: true } } } });
    if (!seat) return { error: 'NOT_SEATED' as const };
    const target = await tx.examSession.findUnique({ where: { id: sessionId }, include: { seats: { select: { seatNumber: true } } } });
    if (!target || target.cycleId !== seat.session.cycleId) return { error: 'UNKNOWN_SESSION' as const };
    if (target.unitId !== unitPath.department(seat.registration.unit.path)) return { error: 'OTHER_DEPARTMENT' as const };
    if (seat.registration.attempts.length) return { error: 'ALREADY_STARTED' as const };
    // A session under way or over takes no one new (its clock and its forms are past).
    if (target.status === 'IN_PROGRESS' || target.status === 'DONE') return { error: 'TARGET_STARTED' as const };
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seats:${target.cycleId}:${target.unitId}`}))`;
    const taken = new Set(target.seats.map((s) => s.seatNumber));
    let seatNumber = 1;
    while (taken.has(seatNumber)) seatNumber++;
    if (seatNumber > target.capacity) return { error: 'SESSION_FULL' as const };
    const moved = await tx.examSeat.update({ where: { id: seat.id }, data: { sessionId, seatNumber } });
    await writeAudit(tx, {
      action: 'exam.seat_moved', entityType: 'Registration', entityId: registrationId, cycleId: target.cycleId, unitId: target.unitId, actorUserId,
      details: { from: seat.sessionId, to: sessionId, seatNumber },
    });
    return { seat: moved };
  });
}

/** The bank as form assembly sees it: active items at their current version. */
export async function loadBank(db: Db): Promise<BankItem[]> {
  const versions = await db.questionItemVersion.findMany({
    where: { item: { status: 'ACTIVE' } },
    select: { id: true, version: true, competencyId: true, difficulty: true, positionIds: true, fieldId: true, options: true, item: { select: { code: true, currentVersion: true } } },
  });
  return versions
    .filter((v) => v.version === v.item.currentVersion)
    .map((v) => ({
      itemVersionId: v.id,
      itemCode: v.item.code,
      competencyId: v.competencyId,
      difficulty: v.difficulty,
      positionIds: v.positionIds,
      fieldId: v.fieldId,
      optionKeys: (v.options as { key: string }[]).map((o) => o.key),
    }));
}

export async function loadBlueprintSpecs(db: Db, positionIds?: string[]): Promise<(BlueprintSpec & { durationMinutes: number; passMark: number })[]> {
  const blueprints = await db.testBlueprint.findMany({
    where: { status: 'ACTIVE', ...(positionIds ? { positionId: { in: positionIds } } : {}) },
    include: { sections: true },
    orderBy: { version: 'desc' },
  });
  const latest = new Map<string, (typeof blueprints)[number]>();
  for (const b of blueprints) if (!latest.has(b.positionId)) latest.set(b.positionId, b);
  return [...latest.values()].map((b) => ({
    blueprintId: b.id,
    positionId: b.positionId,
    durationMinutes: b.durationMinutes,
    passMark: b.passMark,
    sections: b.sections.map((s) => ({ competencyId: s.competencyId, difficulty: s.difficulty, itemCount: s.itemCount })),
  }));
}

/** A session's forms cannot be drawn: these positions have no active blueprint, or the bank cannot serve it. */
export class FormsCannotBeDrawn extends Error {
  constructor(readonly positions: { id: string; nameVi: string; nameEn: string }[]) {
    super(`No form can be drawn for positions ${positions.map((p) => p.id).join(', ')}`);
    this.name = 'FormsCannotBeDrawn';
  }
}

/**
 * Draws the form of every seated candidate of a session who has none yet, reproducibly (the seed is stored),
 * so that starting the exam costs only an insert. Pins the item versions it used.
 */
export async function generateSessionForms(prisma: PrismaClient, sessionId: string): Promise<{ generated: number; existing: number }> {
  return prisma.$transaction((tx) => generateFormsLocked(tx, sessionId), { timeout: 300_000 });
}

async function generateFormsLocked(prisma: Prisma.TransactionClient, sessionId: string) {
  // One generator per session at a time: a registration never gets two forms.
  await prisma.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`forms:${sessionId}`}))`;
  const seats = await prisma.examSeat.findMany({ where: { sessionId }, include: { registration: { include: { forms: { select: { id: true } } } } } });
  const pending = seats.filter((s) => s.registration.forms.length === 0).map((s) => s.registration);
  if (pending.length === 0) return { generated: 0, existing: seats.length };
  const [bankItems, blueprints] = await Promise.all([loadBank(prisma), loadBlueprintSpecs(prisma, [...new Set(pending.map((r) => r.positionId))])]);
  const bank = indexBank(bankItems); // sorted and grouped once, not per candidate
  const byPosition = new Map(blueprints.map((b) => [b.positionId, b]));
  const unserved = new Set<string>();
  const forms: Prisma.ExamFormCreateManyInput[] = pending.flatMap((r) => {
    const blueprint = byPosition.get(r.positionId);
    if (!blueprint) return unserved.add(r.positionId), [];
    const seed = formSeed(r.id, r.cycleId);
    try {
      const form = assembleForm(blueprint, bank, seed);
      return [{ registrationId: r.id, blueprintId: blueprint.blueprintId, seed, items: form.items as unknown as Prisma.InputJsonValue }];
    } catch (err) {
      if (err instanceof BlueprintShortfallError) return unserved.add(r.positionId), [];
      throw err;
    }
  });
  // Nothing is drawn unless every candidate's form can be: the positions at fault are named.
  if (unserved.size > 0) {
    const positions = await prisma.jobPosition.findMany({ where: { id: { in: [...unserved] } }, select: { id: true, nameVi: true, nameEn: true }, orderBy: { id: 'asc' } });
    throw new FormsCannotBeDrawn(positions);
  }
  await prisma.examForm.createMany({ data: forms });
  return { generated: forms.length, existing: seats.length - forms.length };
}
