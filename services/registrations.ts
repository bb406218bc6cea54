// Registering officers for a cycle: one at a time (self-service or by a reviewer) or a whole file in one
// transaction. Both go through checkRegistration, so a row of a file and a single request meet the same rules
// and the same messages (domain/registration-file.ts's catalogue).
import type { AssessmentCycle, JobPosition, Officer, PrismaClient, RegistrationSource, Role, Unit } from '../prisma/db';
import { eligibility, type CycleScope } from '../domain/eligibility';
import { rowError, sameName, type LocalizedText, type RegistrationFileRow, type RowError } from './documents/registration-file';
import { writeAudit } from './audit';
import { loadCycleScope } from './eligibility-sql';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type OfficerWithPlacement = Officer & { unit: Unit; position: JobPosition };

export interface Actor {
  userId: string;
  role: string;
  /** Units the actor may register officers of (materialised path prefix); null for an officer registering themself. */
  scopePath: string | null;
  officerId: string | null;
}

export type RegistrationChange = 'created' | 'updated' | 'unchanged';

/** Why an officer is outside the cycle's scope, in both languages. */
function whyNotEligible(e: ReturnType<typeof eligibility>): LocalizedText {
  if (!e.unitInScope) return { vi: 'đơn vị công tác không thuộc phạm vi kỳ đánh giá', en: 'their unit is outside the cycle scope' };
  if (!e.fieldInScope) return { vi: 'vị trí đang đảm nhiệm thuộc lĩnh vực ngoài phạm vi kỳ', en: 'their current position is in a field outside the cycle scope' };
  if (!e.leadershipGroupInScope) return { vi: 'nhóm đối tượng (lãnh đạo / không lãnh đạo) không thuộc kỳ này', en: 'their group (leaders / non-leaders) is not assessed in this cycle' };
  return { vi: 'công chức không còn công tác', en: 'the officer is no longer active' };
}

export function registrationWindowOpen(cycle: AssessmentCycle, now = new Date()): boolean {
  return cycle.status === 'RUNNING' && cycle.phase === 'REGISTRATION_OPEN' && now < cycle.registrationClosesAt;
}

/** Every rule a registration must meet; returns the first problem (as a row error of `row`) or null. */
export function checkRegistration(input: {
  row: number;
  columns: { employeeCode: string; positionCode: string; fullName: string };
  employeeCode: string;
  positionCode: string;
  fullName?: string;
  officer: OfficerWithPlacement | undefined;
  position: JobPosition | undefined;
  scope: CycleScope;
  actor: Actor;
}): RowError | null {
  const { row, columns, officer, position, actor } = input;
  if (!officer) return rowError(row, columns.employeeCode, 'UNKNOWN_OFFICER', { code: input.employeeCode });
  if (!officer.active) return rowError(row, columns.employeeCode, 'OFFICER_INACTIVE', { code: input.employeeCode });
  const mayRegister = actor.scopePath ? officer.unit.path.startsWith(actor.scopePath) : actor.officerId === officer.id;
  if (!mayRegister) return rowError(row, columns.employeeCode, 'OFFICER_OUT_OF_SCOPE', { code: input.employeeCode });
  if (input.fullName && !sameName(input.fullName, officer.fullName)) {
    return rowError(row, columns.fullName, 'NAME_MISMATCH', { given: input.fullName, actual: officer.fullName });
  }
  if (!position) return rowError(row, columns.positionCode, 'UNKNOWN_POSITION', { code: input.positionCode });
  if (!position.active) return rowError(row, columns.positionCode, 'POSITION_INACTIVE', { code: input.positionCode });
  const placement = eligibility(input.scope, {
    active: officer.active,
    unitPath: officer.unit.path,
    fieldId: officer.position.fieldId,
    isLeadership: officer.position.isLeadership,
  });
  if (!placement.eligible) return rowError(row, columns.employeeCode, 'NOT_ELIGIBLE', { why: whyNotEligible(placement) });
  if (input.scope.scopeFieldIds.length && !input.scope.scopeFieldIds.includes(position.fieldId)) {
    return rowError(row, columns.positionCode, 'NOT_ELIGIBLE', {
      why: { vi: `vị trí ${position.code} thuộc lĩnh vực ngoài phạm vi kỳ`, en: `position ${position.code} is in a field outside the cycle scope` },
    });
  }
  return null;
}

async function writeRegistration(
  tx: Tx,
  cycle: AssessmentCycle,
  officer: OfficerWithPlacement,
  position: JobPosition,
  actor: Actor,
  source: RegistrationSource,
): Promise<{ change: RegistrationChange; id: string }> {
  const existing = await tx.registration.findUnique({
    where: { cycleId_officerId_round: { cycleId: cycle.id, officerId: officer.id, round: 1 } },
  });
  if (existing?.positionId === position.id) return { change: 'unchanged', id: existing.id };
  const data = { positionId: position.id, heldPositionId: officer.positionId, unitId: officer.unitId };
  const saved = existing
    ? await tx.registration.update({ where: { id: existing.id }, data })
    : await tx.registration.create({ data: { ...data, cycleId: cycle.id, officerId: officer.id, source, registeredById: actor.userId } });
  await writeAudit(tx, {
    action: existing ? 'registration.changed' : 'registration.created',
    entityType: 'Registration', entityId: saved.id, cycleId: cycle.id, unitId: officer.unitId,
    actorUserId: actor.userId, actorRole: actor.role as Role,
    details: { officerId: officer.id, positionId: position.id, heldPositionId: officer.positionId, source, ...(existing ? { previousPositionId: existing.positionId } : {}) },
  });
  return { change: existing ? 'updated' : 'created', id: saved.id };
}

const SINGLE_COLUMNS = { employeeCode: 'officerId', positionCode: 'positionId', fullName: 'fullName' };

/** One registration; an officer may change their choice while the window is open (a file may not: see below). */
export async function registerOne(
  prisma: PrismaClient,
  cycle: AssessmentCycle,
  input: { officerId: string; positionId: string },
  actor: Actor,
): Promise<{ change: RegistrationChange; id: string } | { error: RowError }> {
  const [officer, position, scope] = await Promise.all([
    prisma.officer.findUnique({ where: { id: input.officerId }, include: { unit: true, position: true } }),
    prisma.jobPosition.findUnique({ where: { id: input.positionId } }),
    loadCycleScope(prisma, cycle.id),
  ]);
  const problem = checkRegistration({
    row: 0, columns: SINGLE_COLUMNS, employeeCode: input.officerId, positionCode: input.positionId,
    officer: officer ?? undefined, position: position ?? undefined, scope, actor,
  });
  if (problem) return { error: problem };
  return prisma.$transaction((tx) =>
    writeRegistration(tx, cycle, officer!, position!, actor, actor.officerId === officer!.id ? 'SELF' : 'ON_BEHALF'),
  );
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
}

/** A whole file: every row checked first; any error and nothing is written; otherwise all rows in one transaction. */
export async function importRegistrations(
  prisma: PrismaClient,
  cycle: AssessmentCycle,
  rows: RegistrationFileRow[],
  columns: Partial<Record<'employeeCode' | 'positionCode' | 'fullName', string>>,
  actor: Actor,
): Promise<ImportOutcome> {
  const cols = { employeeCode: columns.employeeCode ?? 'A', positionCode: columns.positionCode ?? 'B', fullName: columns.fullName ?? 'C' };
  const [officers, positions, scope] = await Promise.all([
    prisma.officer.findMany({ where: { employeeCode: { in: rows.map((r) => r.employeeCode) } }, include: { unit: true, position: true } }),
    prisma.jobPosition.findMany({ where: { code: { in: rows.map((r) => r.positionCode) } } }),
    loadCycleScope(prisma, cycle.id),
  ]);
  const officerByCode = new Map(officers.map((o) => [o.employeeCode, o]));
  const positionByCode = new Map(positions.map((p) => [p.code, p]));
  const errors: RowError[] = [];
  for (const r of rows) {
    const problem = checkRegistration({
      row: r.row, columns: cols, employeeCode: r.employeeCode, positionCode: r.positionCode, fullName: r.fullName,
      officer: officerByCode.get(r.employeeCode), position: positionByCode.get(r.positionCode), scope, actor,
    });
    if (problem) errors.push(problem);
  }
  if (errors.length) return { created: 0, updated: 0, unchanged: 0, errors };

  // A file never changes an existing registration: the same position is unchanged, another is a conflict.
  // Set-based writes (one query per kind of row) keep a department's file of thousands of rows quick.
  return prisma.$transaction(async (tx) => {
    const existing = await tx.registration.findMany({
      where: { cycleId: cycle.id, round: 1, officerId: { in: officers.map((o) => o.id) } },
      include: { position: true },
    });
    const existingByOfficer = new Map(existing.map((e) => [e.officerId, e]));
    const conflicts: RowError[] = [];
    const fresh: { officer: OfficerWithPlacement; position: JobPosition }[] = [];
    let unchanged = 0;
    for (const r of rows) {
      const officer = officerByCode.get(r.employeeCode)!;
      const position = positionByCode.get(r.positionCode)!;
      const already = existingByOfficer.get(officer.id);
      if (!already) fresh.push({ officer, position });
      else if (already.positionId === position.id) unchanged++;
      else conflicts.push(rowError(r.row, cols.positionCode, 'ALREADY_REGISTERED_DIFFERENTLY', { position: already.position.code }));
    }
    if (conflicts.length) return { created: 0, updated: 0, unchanged: 0, errors: conflicts };
    const created = await tx.registration.createManyAndReturn({
      data: fresh.map(({ officer, position }) => ({
        cycleId: cycle.id, officerId: officer.id, positionId: position.id, heldPositionId: officer.positionId,
        unitId: officer.unitId, source: 'BULK_IMPORT' as const, registeredById: actor.userId,
      })),
      select: { id: true, officerId: true, positionId: true, heldPositionId: true, unitId: true },
    });
    await tx.auditLog.createMany({
      data: created.map((c) => ({
        action: 'registration.created', entityType: 'Registration', entityId: c.id, cycleId: cycle.id, unitId: c.unitId,
        actorUserId: actor.userId, actorRole: actor.role as Role,
        details: { officerId: c.officerId, positionId: c.positionId, heldPositionId: c.heldPositionId, source: 'BULK_IMPORT' },
      })),
    });
    return { created: created.length, updated: 0, unchanged, errors: [] };
  }, { timeout: 120_000 });
}
