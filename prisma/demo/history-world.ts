// What the demo's history reads once and shares: the officers as they are now (with their units, positions and
// assignments), the positions and their frameworks, the bank with its model parameters, the rule sets in force,
// the demo users who act, and the Temporal stand-in that defers the follow-up workflows.
import type { JobPosition, Officer, PrismaClient, Unit } from '../db';
import { loadRuleSet } from '../../services/rule-sets';
import { unitPath } from '../../domain/unit-path';
import { decideLevel, type LevelCode } from '../../rules/level';
import type { RuleSetDocument } from '../../rules/rule-set-schema';
import { gradeSitting, loadBankFacts, type BankFacts, type Sitting } from './sitting';
import { officerAbility } from './simulation';
import { deferredWorkflowStarts } from './simulated-time';

export type OfficerRow = Officer & { unit: Unit; position: JobPosition; assignments: { startDate: Date; endDate: Date | null; positionId: string }[] };

export interface HistoryWorld {
  prisma: PrismaClient;
  seed: string;
  log: (line: string) => void;
  positions: Map<string, JobPosition>;
  /** Position -> competency -> the level its framework requires. */
  frameworks: Map<string, Record<string, number>>;
  bank: Map<string, BankFacts>;
  ruleSets: { VERIFICATION: string; LEVEL: string; FOLLOW_UP: string };
  levelRules: RuleSetDocument;
  competencyNames: Map<string, string>;
  users: { coordinator: string; reviewers: Map<string, string>; leaders: Map<string, string>; officers: Map<string, string> };
  /** The departments the demo's reviewers, leaders and officer belong to. */
  watched: Set<string>;
  /** The cycles' scope: every unit (null), or these departments (a small history, for tests). */
  departments: string[] | null;
  /** Follow-up tasks whose workflow start the activities asked for while the past was simulated. */
  deferred: ReturnType<typeof deferredWorkflowStarts>;
  /** The officers as they are now (accepted reassignments move them): reloaded for each cycle. */
  officers(): Promise<OfficerRow[]>;
  /** Times a step (summed per name), so the load can say where its time went. */
  timed<T>(name: string, work: () => Promise<T>): Promise<T>;
  timings: Map<string, number>;
}

export async function loadHistoryWorld(prisma: PrismaClient, seed: string, log: (line: string) => void, departments: string[] | null = null): Promise<HistoryWorld> {
  const positions = await prisma.jobPosition.findMany();
  const framework = await prisma.positionCompetency.findMany();
  const frameworks = new Map<string, Record<string, number>>();
  for (const f of framework) frameworks.set(f.positionId, { ...frameworks.get(f.positionId), [f.competencyId]: f.requiredLevel });
  const ruleSets = await prisma.ruleSet.findMany({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  const newest = (kind: 'VERIFICATION' | 'LEVEL' | 'FOLLOW_UP') => {
    const found = ruleSets.find((r) => r.kind === kind);
    if (!found) throw new Error(`No active ${kind} rule set: publish the built-in rule sets before the demo history`);
    return found.id;
  };
  const ids = { VERIFICATION: newest('VERIFICATION'), LEVEL: newest('LEVEL'), FOLLOW_UP: newest('FOLLOW_UP') };
  const users = await prisma.user.findMany({ select: { id: true, role: true, unitId: true, officerId: true } });
  const coordinator = users.find((u) => u.role === 'COORDINATOR');
  if (!coordinator) throw new Error('The demo history needs the demo coordinator');
  const competencies = await prisma.competency.findMany({ select: { id: true, nameVi: true } });
  const timings = new Map<string, number>();
  const userUnits = await prisma.unit.findMany({ where: { id: { in: users.map((u) => u.unitId).filter((id): id is string => id !== null) } }, select: { path: true } });
  const watched = new Set(userUnits.map((u) => unitPath.department(u.path)).filter((d) => d !== 'HQ' && !d.startsWith('HQ-')));
  return {
    prisma,
    seed,
    log,
    positions: new Map(positions.map((p) => [p.id, p])),
    frameworks,
    bank: await loadBankFacts(prisma, seed),
    ruleSets: ids,
    levelRules: await loadRuleSet(prisma, ids.LEVEL),
    competencyNames: new Map(competencies.map((c) => [c.id, c.nameVi])),
    users: {
      coordinator: coordinator.id,
      reviewers: new Map(users.filter((u) => u.role === 'REVIEWER' && u.unitId).map((u) => [u.unitId!, u.id])),
      leaders: new Map(users.filter((u) => u.role === 'LEADER' && u.unitId).map((u) => [u.unitId!, u.id])),
      officers: new Map(users.filter((u) => u.officerId).map((u) => [u.officerId!, u.id])),
    },
    deferred: deferredWorkflowStarts(),
    watched,
    departments,
    timings,
    async timed(name, work) {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings.set(name, (timings.get(name) ?? 0) + performance.now() - t0);
      }
    },
    officers: () =>
      prisma.officer.findMany({
        include: { unit: true, position: true, assignments: { select: { startDate: true, endDate: true, positionId: true }, orderBy: { startDate: 'asc' } } },
        orderBy: { id: 'asc' },
      }),
  };
}

/** A department (depth-1 unit) from a unit path: "/HQ/D01/D01-B01/" -> "D01". */
export const departmentOfPath = (path: string) => unitPath.department(path);

/** Who acts for a department: its demo reviewer or leader where the demo has one, else headquarters' coordinator. */
export function reviewerOf(world: HistoryWorld, departmentId: string): string {
  return world.users.reviewers.get(departmentId) ?? world.users.coordinator;
}
export function leaderOf(world: HistoryWorld, departmentId: string): string {
  return world.users.leaders.get(departmentId) ?? world.users.coordinator;
}

/** A moment in Vietnam time (UTC+7), as the timestamp columns hold it (UTC). */
export function vn(year: number, month: number, day: number, hour = 8, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour - 7, minute));
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const later = (d: Date, ms: number) => new Date(d.getTime() + ms);

export function abilityOf(world: HistoryWorld, o: OfficerRow, year: number): number {
  return officerAbility(world.seed, { officerId: o.id, departmentId: departmentOfPath(o.unit.path), isLeadership: o.position.isLeadership, birthYear: o.birthDate?.getUTCFullYear() ?? 1985 }, year);
}

/** What the grading function and the cycle's level rules make of a sitting for a position (before it is stored). */
export async function judgeSitting(world: HistoryWorld, sitting: Sitting, positionId: string): Promise<{ score: number; level: LevelCode | null }> {
  const grade = gradeSitting(sitting, world.bank, world.frameworks.get(positionId) ?? {});
  const { level } = await decideLevel(world.levelRules, {
    totalScore: grade.score,
    passed: grade.score >= 50,
    isLeadership: world.positions.get(positionId)?.isLeadership ?? false,
    competencies: grade.competencies.map((c) => ({ competencyId: c.competencyId, code: c.competencyId, score: c.score, requiredLevel: c.requiredLevel })),
  });
  return { score: grade.score, level };
}
