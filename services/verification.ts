// Verifying registrations against each officer's current assignment, a department's batch at a time, with the
// cycle's frozen rule set. Facts are computed here (I/O), the rules stay pure. Idempotent: the facts use the
// cycle's registration closing date as "now", so a retry computes and writes the same decisions.
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/db';
import { Prisma } from '../prisma/db';
import { eligibility } from '../domain/eligibility';
import { verifyRegistration, type VerificationFacts } from '../rules/verification';
import { loadCycleScope } from './eligibility-sql';
import { loadRuleSet } from './rule-sets';

const MONTH_MS = (365.25 / 12) * 86_400_000;

export interface VerifyBatchInput {
  cycleId: string;
  /** The department whose registrations are verified. */
  unitId: string;
  /** Keyset cursor: verify registrations with an id after this one. */
  after: string | null;
  limit: number;
}

/** Verifies one batch of a department's registrations (keyset by id) with the cycle's frozen rule set. */
export async function verifyRegistrationBatch(prisma: PrismaClient, { cycleId, unitId, after, limit }: VerifyBatchInput) {
  const cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } });
  if (!cycle.verificationRuleSetId) {
    throw ApplicationFailure.nonRetryable(`Cycle ${cycle.code} has no frozen verification rule set`, 'NoRuleSet');
  }
  const rules = await loadRuleSet(prisma, cycle.verificationRuleSetId);
  const scope = await loadCycleScope(prisma, cycleId);
  const department = await prisma.unit.findUniqueOrThrow({ where: { id: unitId } });
  const asOf = cycle.registrationClosesAt;

  const registrations = await prisma.registration.findMany({
    where: { cycleId, status: 'ACTIVE', unit: { path: { startsWith: department.path } }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: 'asc' },
    take: limit,
    include: {
      position: true,
      officer: {
        include: {
          unit: true,
          position: true,
          assignments: { where: { startDate: { lte: asOf } }, orderBy: { startDate: 'desc' }, take: 2 },
        },
      },
    },
  });
  const totals = { verified: registrations.length, clear: 0, flagged: 0, blocked: 0 };
  if (registrations.length === 0) return { ...totals, lastId: null };

  const others = await otherActiveRegistrations(prisma, cycle, registrations.map((r) => r.officerId));
  const decisions = [];
  for (const r of registrations) {
    const officer = r.officer;
    const [current, previous] = officer.assignments;
    const placement = eligibility(scope, {
      active: officer.active,
      unitPath: officer.unit.path,
      fieldId: officer.position.fieldId,
      isLeadership: officer.position.isLeadership,
    });
    const facts: VerificationFacts = {
      chosenPositionId: r.positionId,
      heldPositionId: officer.positionId,
      chosenFieldId: r.position.fieldId,
      heldFieldId: officer.position.fieldId,
      chosenIsLeadership: r.position.isLeadership,
      heldIsLeadership: officer.position.isLeadership,
      monthsInCurrentAssignment: current ? Math.floor((asOf.getTime() - current.startDate.getTime()) / MONTH_MS) : 0,
      chosenIsPreviousPosition: previous?.positionId === r.positionId,
      recentAssignmentMonths: cycle.recentAssignmentMonths,
      unitInScope: placement.unitInScope,
      fieldInScope: placement.fieldInScope,
      leadershipGroupInScope: placement.leadershipGroupInScope,
      otherActiveRegistrations: others.get(officer.id) ?? 0,
    };
    const decision = await verifyRegistration(rules, facts);
    totals[decision.outcome === 'CLEAR' ? 'clear' : decision.outcome === 'FLAGGED' ? 'flagged' : 'blocked']++;
    decisions.push({ id: r.id, outcome: decision.outcome, reasons: decision.reasons, trace: decision.trace, held: officer.positionId });
  }

  // One statement for the whole batch.
  await prisma.$executeRaw`
    UPDATE "Registration" AS r
    SET "verificationOutcome" = d.outcome::"VerificationOutcome",
        "verificationReasons" = d.reasons,
        "verificationTrace"   = d.trace,
        "heldPositionId"      = d.held,
        "verifiedAt"          = ${new Date()},
        "updatedAt"           = now()
    FROM jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb)
         AS d(id text, outcome text, reasons jsonb, trace jsonb, held text)
    WHERE r.id = d.id`;
  return { ...totals, lastId: registrations[registrations.length - 1].id };
}

/** Per officer: active registrations in other running cycles whose exam windows overlap this one's. */
async function otherActiveRegistrations(
  prisma: PrismaClient,
  cycle: { id: string; examStartsAt: Date; examEndsAt: Date },
  officerIds: string[],
): Promise<Map<string, number>> {
  const rows = await prisma.$queryRaw<{ officerId: string; n: bigint }[]>`
    SELECT r."officerId", count(*) AS n
    FROM "Registration" r JOIN "AssessmentCycle" c ON c.id = r."cycleId"
    WHERE r."officerId" IN (${Prisma.join(officerIds)})
      AND r."cycleId" <> ${cycle.id}
      AND r.status = 'ACTIVE'
      AND c.status = 'RUNNING'
      AND c."examStartsAt" < ${cycle.examEndsAt} AND c."examEndsAt" > ${cycle.examStartsAt}
    GROUP BY r."officerId"`;
  return new Map(rows.map((r) => [r.officerId, Number(r.n)]));
}
