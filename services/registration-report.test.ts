// The registration report and the not-registered list against the test database: a hand-made dataset in cycles
// of this file's own (other test files share the database), figures asserted against what was constructed here,
// and the SQL eligibility rule checked against domain/eligibility.ts for every seeded officer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, type PrismaClient } from '../prisma/db';
import { eligibility } from '../domain/eligibility';
import { unitPath } from '../domain/unit-path';
import { testPrisma } from '../test/support';
import {
  departmentOfSql,
  listNotRegistered,
  loadCycleScope,
  type NotRegisteredOfficer,
  sqlEligibilityByOfficer,
} from './eligibility-sql';
import { mismatchRateHeadline, registrationReport } from './registration-report';

let prisma: PrismaClient;
const createdCycleIds: string[] = [];

const LISTS_DUE = new Date('2027-03-01T00:00:00.000Z');
const at = (iso: string) => new Date(iso);

interface ScopeInput {
  scopeUnitIds?: string[];
  scopeFieldIds?: string[];
  includeNonLeadership?: boolean;
  includeTeamLeaders?: boolean;
}

async function createCycle(scope: ScopeInput) {
  const code = `RPT-${randomUUID().slice(0, 8)}`;
  const cycle = await prisma.assessmentCycle.create({
    data: {
      code,
      nameVi: `Kỳ thử báo cáo đăng ký ${code}`,
      nameEn: `Registration report test ${code}`,
      scopeUnitIds: scope.scopeUnitIds ?? [],
      scopeFieldIds: scope.scopeFieldIds ?? [],
      includeNonLeadership: scope.includeNonLeadership ?? true,
      includeTeamLeaders: scope.includeTeamLeaders ?? false,
      registrationOpensAt: at('2027-01-04T00:00:00.000Z'),
      registrationClosesAt: at('2027-01-25T00:00:00.000Z'),
      listsDueAt: LISTS_DUE,
      examStartsAt: at('2027-04-05T00:00:00.000Z'),
      examEndsAt: at('2027-04-09T00:00:00.000Z'),
      closesAt: at('2027-07-01T00:00:00.000Z'),
    },
  });
  createdCycleIds.push(cycle.id);
  return cycle;
}

interface SeededOfficer {
  id: string;
  employeeCode: string;
  fullName: string;
  active: boolean;
  unitId: string;
  positionId: string;
  unit: { path: string; nameVi: string; nameEn: string };
  position: { nameVi: string; nameEn: string; fieldId: string; isLeadership: boolean };
}

const officerSelect = {
  id: true,
  employeeCode: true,
  fullName: true,
  active: true,
  unitId: true,
  positionId: true,
  unit: { select: { path: true, nameVi: true, nameEn: true } },
  position: { select: { nameVi: true, nameEn: true, fieldId: true, isLeadership: true } },
} as const;

async function officersUnder(pathPrefix: string): Promise<SeededOfficer[]> {
  return prisma.officer.findMany({
    where: { unit: { path: { startsWith: pathPrefix } } },
    select: officerSelect,
    orderBy: { employeeCode: 'asc' },
  });
}

type Reason = { code: string; severity: string; params?: Record<string, unknown> };

async function register(
  cycleId: string,
  officer: SeededOfficer,
  data: {
    round?: number;
    status?: 'ACTIVE' | 'WITHDRAWN' | 'EXCLUDED';
    verificationOutcome?: 'CLEAR' | 'FLAGGED' | 'BLOCKED' | null;
    verificationReasons?: Reason[] | null;
    reviewDecision?: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'CORRECTED';
  },
) {
  await prisma.registration.create({
    data: {
      cycleId,
      officerId: officer.id,
      round: data.round ?? 1,
      positionId: officer.positionId,
      heldPositionId: officer.positionId,
      unitId: officer.unitId,
      status: data.status ?? 'ACTIVE',
      verificationOutcome: data.verificationOutcome ?? null,
      verificationReasons: (data.verificationReasons ?? undefined) as Prisma.InputJsonValue | undefined,
      reviewDecision: data.reviewDecision ?? 'PENDING',
    },
  });
}

/** The order listNotRegistered promises: unit path, then employee code (plain code-point order). */
const byPathThenCode = (a: SeededOfficer, b: SeededOfficer) =>
  a.unit.path < b.unit.path ? -1 : a.unit.path > b.unit.path ? 1 : a.employeeCode < b.employeeCode ? -1 : 1;

const asNotRegistered = (o: SeededOfficer): NotRegisteredOfficer => ({
  officerId: o.id,
  employeeCode: o.employeeCode,
  fullName: o.fullName,
  unitId: o.unitId,
  unitNameVi: o.unit.nameVi,
  unitNameEn: o.unit.nameEn,
  positionId: o.positionId,
  positionNameVi: o.position.nameVi,
  positionNameEn: o.position.nameEn,
  departmentId: unitPath.department(o.unit.path),
});

const zeroCounts = {
  inScope: 0, registered: 0, notRegistered: 0, excluded: 0, unverified: 0, clear: 0, flagged: 0, blocked: 0,
  flaggedByReason: {}, accepted: 0, rejected: 0, corrected: 0, pendingDecisions: 0, mismatched: 0, mismatchRate: 0,
};

beforeAll(() => {
  prisma = testPrisma();
});

afterAll(async () => {
  if (createdCycleIds.length > 0) {
    await prisma.registration.deleteMany({ where: { cycleId: { in: createdCycleIds } } });
    await prisma.unitList.deleteMany({ where: { cycleId: { in: createdCycleIds } } });
    await prisma.assessmentCycle.deleteMany({ where: { id: { in: createdCycleIds } } });
  }
  await prisma?.$disconnect();
});

describe('registration report of a cycle scoped to D35', () => {
  let cycleId: string;
  let d35: SeededOfficer[];
  let o: SeededOfficer[];
  let d01Officer: SeededOfficer;

  beforeAll(async () => {
    const cycle = await createCycle({ scopeUnitIds: ['D35'] });
    cycleId = cycle.id;
    // Staff (non-leadership) officers of D35: the cycle takes them all, and no team leader.
    d35 = (await officersUnder('/HQ/D35/')).filter((x) => !x.position.isLeadership && x.active);
    expect(d35.length).toBeGreaterThanOrEqual(6);
    o = d35.slice(0, 6);
    [d01Officer] = await officersUnder('/HQ/D01/');

    await register(cycleId, o[0], { verificationOutcome: 'CLEAR', verificationReasons: [] });
    await register(cycleId, o[1], {
      verificationOutcome: 'FLAGGED',
      verificationReasons: [{ code: 'POSITION_DIFFERS', severity: 'flag', params: { held: 'P-F2-02' } }],
      reviewDecision: 'ACCEPTED',
    });
    await register(cycleId, o[2], {
      verificationOutcome: 'FLAGGED',
      verificationReasons: [
        { code: 'OTHER_FIELD', severity: 'flag' },
        { code: 'POSITION_DIFFERS', severity: 'flag' },
        { code: 'RECENT_ASSIGNMENT', severity: 'info' }, // informational: not in flaggedByReason
      ],
    });
    await register(cycleId, o[3], {
      status: 'EXCLUDED',
      verificationOutcome: 'BLOCKED',
      // the same code twice still counts one registration
      verificationReasons: [{ code: 'LEADERSHIP_MISMATCH', severity: 'block' }, { code: 'LEADERSHIP_MISMATCH', severity: 'block' }],
      reviewDecision: 'REJECTED',
    });
    await register(cycleId, o[4], {}); // not verified yet
    // o[5]: a withdrawn regular registration and a re-examination: neither counts, so o[5] is not registered.
    await register(cycleId, o[5], {
      status: 'WITHDRAWN',
      verificationOutcome: 'FLAGGED',
      verificationReasons: [{ code: 'POSITION_DIFFERS', severity: 'flag' }],
    });
    await register(cycleId, o[5], { round: 2, verificationOutcome: 'CLEAR' });
    // Someone of D01 registered although D01 is outside the cycle's scope: D01 gets a row, with nobody in scope.
    await register(cycleId, d01Officer, {
      verificationOutcome: 'FLAGGED',
      verificationReasons: [{ code: 'POSITION_DIFFERS', severity: 'flag' }],
      reviewDecision: 'CORRECTED',
    });

    await prisma.unitList.create({
      data: {
        cycleId,
        unitId: 'D35',
        status: 'APPROVED',
        submittedAt: at('2027-02-27T09:00:00.000Z'),
        approvedAt: at('2027-03-03T08:00:00.000Z'), // 2 days 8 hours after the deadline: 3 days late
        escalatedAt: at('2027-03-01T00:05:00.000Z'),
      },
    });
  });

  it('counts every figure of the department as constructed', async () => {
    const report = await registrationReport(prisma, { cycleId, unitPathPrefix: '/', asOf: at('2027-03-10T12:00:00.000Z') });
    expect(report.departments.map((d) => d.unitId)).toEqual(['D01', 'D35']);
    const row = report.departments[1];
    expect(row).toEqual({
      unitId: 'D35',
      unitNameVi: 'Cục Hải quan Hà Giang',
      unitNameEn: 'Ha Giang Customs Department',
      inScope: d35.length,
      registered: 5, // o0..o4 (o3 excluded but counted)
      notRegistered: d35.length - 5, // o5 and any further staff of D35
      excluded: 1,
      unverified: 1,
      clear: 1,
      flagged: 2,
      blocked: 1,
      flaggedByReason: { LEADERSHIP_MISMATCH: 1, OTHER_FIELD: 1, POSITION_DIFFERS: 2 },
      accepted: 1,
      rejected: 1,
      corrected: 0,
      pendingDecisions: 1, // o2: flagged, pending; o0 is clear and o4 unverified
      mismatched: 3, // o1, o2, o3
      mismatchRate: 0.6,
      listStatus: 'APPROVED',
      submittedAt: '2027-02-27T09:00:00.000Z',
      approvedAt: '2027-03-03T08:00:00.000Z',
      escalated: true,
      missingDecision: null,
      lateDays: 3,
    });
    expect(report.departments[0]).toMatchObject({
      unitId: 'D01',
      inScope: 0,
      registered: 1,
      notRegistered: 0,
      flagged: 1,
      flaggedByReason: { POSITION_DIFFERS: 1 },
      corrected: 1,
      pendingDecisions: 0,
      mismatched: 1,
      mismatchRate: 1,
      listStatus: null,
      escalated: false,
      lateDays: 10, // no list at all, 9.5 days past the deadline
    });
    expect(report.totals).toEqual({
      inScope: d35.length,
      registered: 6,
      notRegistered: d35.length - 5,
      excluded: 1,
      unverified: 1,
      clear: 1,
      flagged: 3,
      blocked: 1,
      flaggedByReason: { LEADERSHIP_MISMATCH: 1, OTHER_FIELD: 1, POSITION_DIFFERS: 3 },
      accepted: 1,
      rejected: 1,
      corrected: 1,
      pendingDecisions: 1,
      mismatched: 4,
      mismatchRate: 0.6667, // 4 / 6
    });
    expect(report).toMatchObject({ cycleId, unitPathPrefix: '/', asOf: '2027-03-10T12:00:00.000Z', listsDueAt: LISTS_DUE.toISOString() });
    expect(mismatchRateHeadline(report)).toEqual({
      mismatched: 4,
      registered: 6,
      rate: 0.6667,
      worst: { unitId: 'D01', unitNameVi: expect.any(String), unitNameEn: expect.any(String), mismatched: 1, registered: 1, rate: 1 },
    });
  });

  it('measures lateness: approved on time is 0, a missing list is late only once due', async () => {
    const beforeDue = await registrationReport(prisma, { cycleId, unitPathPrefix: '/', asOf: at('2027-02-20T00:00:00.000Z') });
    expect(beforeDue.departments.map((d) => [d.unitId, d.lateDays])).toEqual([['D01', null], ['D35', 3]]);
    const justAfter = await registrationReport(prisma, { cycleId, unitPathPrefix: '/', asOf: at('2027-03-01T00:00:01.000Z') });
    expect(justAfter.departments[0].lateDays).toBe(1);

    await prisma.unitList.update({
      where: { cycleId_unitId: { cycleId, unitId: 'D35' } },
      data: { approvedAt: at('2027-02-28T16:00:00.000Z'), escalatedAt: null },
    });
    const onTime = await registrationReport(prisma, { cycleId, unitPathPrefix: '/HQ/D35/', asOf: at('2027-03-10T12:00:00.000Z') });
    expect(onTime.departments[0]).toMatchObject({ unitId: 'D35', listStatus: 'APPROVED', lateDays: 0, escalated: false });

    await prisma.unitList.update({
      where: { cycleId_unitId: { cycleId, unitId: 'D35' } },
      data: { status: 'RETURNED', approvedAt: null, returnedAt: at('2027-02-28T10:00:00.000Z'), missingDecision: 'EXCLUDE_CANDIDATES' },
    });
    const returned = await registrationReport(prisma, { cycleId, unitPathPrefix: '/HQ/D35/', asOf: at('2027-03-04T00:00:00.000Z') });
    expect(returned.departments[0]).toMatchObject({ listStatus: 'RETURNED', approvedAt: null, lateDays: 3, missingDecision: 'EXCLUDE_CANDIDATES' });

    // Put the list back as the other tests of this block expect it.
    await prisma.unitList.update({
      where: { cycleId_unitId: { cycleId, unitId: 'D35' } },
      data: { status: 'APPROVED', approvedAt: at('2027-03-03T08:00:00.000Z'), escalatedAt: at('2027-03-01T00:05:00.000Z'), missingDecision: null },
    });
  });

  it('scopes the report to the caller’s unit', async () => {
    const own = await registrationReport(prisma, { cycleId, unitPathPrefix: '/HQ/D35/' });
    expect(own.departments.map((d) => d.unitId)).toEqual(['D35']);
    expect(own.totals).toMatchObject({ inScope: d35.length, registered: 5, mismatched: 3, mismatchRate: 0.6 });

    // A reviewer of another department sees nothing of D35 (and D34 has nobody in this cycle).
    const other = await registrationReport(prisma, { cycleId, unitPathPrefix: '/HQ/D34/' });
    expect(other.departments).toEqual([]);
    expect(other.totals).toEqual(zeroCounts);
    expect(mismatchRateHeadline(other)).toEqual({ mismatched: 0, registered: 0, rate: 0, worst: null });

    // A branch of D35 sees only what lies under it, still on the department's row.
    const branchPath = o[0].unit.path.split('/').slice(0, 4).join('/') + '/';
    const inBranch = d35.filter((x) => x.unit.path.startsWith(branchPath));
    const registeredInBranch = o.slice(0, 5).filter((x) => x.unit.path.startsWith(branchPath));
    const branch = await registrationReport(prisma, { cycleId, unitPathPrefix: branchPath });
    expect(branch.departments.map((d) => [d.unitId, d.inScope, d.registered])).toEqual([
      ['D35', inBranch.length, registeredInBranch.length],
    ]);

    // Not a unit path: "/HQ/D3" would be a prefix of D30..D35.
    await expect(registrationReport(prisma, { cycleId, unitPathPrefix: '/HQ/D3' })).rejects.toThrow(RangeError);
    expect((await registrationReport(prisma, { cycleId, unitPathPrefix: '\u0000' })).departments).toEqual([]);
    await expect(registrationReport(prisma, { cycleId: 'no-such-cycle', unitPathPrefix: '/' })).rejects.toThrow(/not found/);
  });

  it('lists exactly the eligible officers without a counted registration', async () => {
    const expected = d35.filter((x) => !o.slice(0, 5).includes(x)).sort(byPathThenCode).map(asNotRegistered);
    expect(expected.map((x) => x.officerId)).toContain(o[5].id);

    const all = await listNotRegistered(prisma, { cycleId, unitPathPrefix: '/', page: 1, pageSize: 100 });
    expect(all).toEqual({ items: expected, total: expected.length });
    const own = await listNotRegistered(prisma, { cycleId, unitPathPrefix: '/HQ/D35/', page: 1, pageSize: 100 });
    expect(own).toEqual({ items: expected, total: expected.length });
    // The D01 officer registered but is out of scope; another department's reviewer sees nobody of D35.
    expect(await listNotRegistered(prisma, { cycleId, unitPathPrefix: '/HQ/D01/', page: 1, pageSize: 100 })).toEqual({ items: [], total: 0 });
    expect(await listNotRegistered(prisma, { cycleId, unitPathPrefix: '/HQ/D34/', page: 1, pageSize: 100 })).toEqual({ items: [], total: 0 });
    await expect(listNotRegistered(prisma, { cycleId, unitPathPrefix: '/HQ/D35', page: 1, pageSize: 10 })).rejects.toThrow(RangeError);
    // The API's prefix for a caller without any unit matches nobody.
    expect(await listNotRegistered(prisma, { cycleId, unitPathPrefix: '\u0000', page: 1, pageSize: 100 })).toEqual({ items: [], total: 0 });
    await expect(listNotRegistered(prisma, { cycleId, unitPathPrefix: '/', page: 0, pageSize: 10 })).rejects.toThrow(RangeError);
  });
});

describe('registration report of a cycle scoped to one field', () => {
  it('counts only the officers of the field, and registrations whoever made them', async () => {
    const d35 = (await officersUnder('/HQ/D35/')).filter((x) => !x.position.isLeadership && x.active);
    // The field most of D35's staff work in.
    const byField = new Map<string, SeededOfficer[]>();
    for (const x of d35) byField.set(x.position.fieldId, [...(byField.get(x.position.fieldId) ?? []), x]);
    const [fieldId, inField] = [...byField.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const outside = d35.find((x) => x.position.fieldId !== fieldId)!;
    expect(inField.length).toBeGreaterThanOrEqual(2);
    expect(outside).toBeDefined();

    const cycle = await createCycle({ scopeFieldIds: [fieldId] });
    await register(cycle.id, inField[0], { verificationOutcome: 'CLEAR' });
    // Registered though the field is out of scope: counted as registered, not in scope.
    await register(cycle.id, outside, {
      verificationOutcome: 'BLOCKED',
      verificationReasons: [{ code: 'OTHER_FIELD', severity: 'block', params: { field: outside.position.fieldId } }],
    });
    await prisma.unitList.create({ data: { cycleId: cycle.id, unitId: 'D35', status: 'SUBMITTED', submittedAt: at('2027-02-25T00:00:00.000Z') } });

    const report = await registrationReport(prisma, { cycleId: cycle.id, unitPathPrefix: '/HQ/D35/', asOf: at('2027-03-02T06:00:00.000Z') });
    expect(report.departments).toEqual([
      {
        unitId: 'D35',
        unitNameVi: 'Cục Hải quan Hà Giang',
        unitNameEn: 'Ha Giang Customs Department',
        inScope: inField.length,
        registered: 2,
        notRegistered: inField.length - 1,
        excluded: 0,
        unverified: 0,
        clear: 1,
        flagged: 0,
        blocked: 1,
        flaggedByReason: { OTHER_FIELD: 1 },
        accepted: 0,
        rejected: 0,
        corrected: 0,
        pendingDecisions: 1,
        mismatched: 1,
        mismatchRate: 0.5,
        listStatus: 'SUBMITTED',
        submittedAt: '2027-02-25T00:00:00.000Z',
        approvedAt: null,
        escalated: false,
        missingDecision: null,
        lateDays: 2, // submitted, not approved, 1 day 6 hours past the deadline
      },
    ]);

    const list = await listNotRegistered(prisma, { cycleId: cycle.id, unitPathPrefix: '/HQ/D35/', page: 1, pageSize: 50 });
    expect(list.items.map((x) => x.officerId)).toEqual(inField.slice(1).sort(byPathThenCode).map((x) => x.id));

    // Headquarters sees every department's staff of that field; D35's row is the same as its reviewer's.
    const everywhere = await registrationReport(prisma, { cycleId: cycle.id, unitPathPrefix: '/', asOf: at('2027-03-02T06:00:00.000Z') });
    expect(everywhere.departments.find((d) => d.unitId === 'D35')).toEqual(report.departments[0]);
    const ids = everywhere.departments.map((d) => d.unitId);
    expect(ids).toEqual([...ids].sort());
    const allInField = (await officersUnder('/')).filter((x) => x.active && !x.position.isLeadership && x.position.fieldId === fieldId);
    expect(everywhere.totals.inScope).toBe(allInField.length);
    expect(everywhere.totals.notRegistered).toBe(allInField.length - 1);
  });
});

describe('listNotRegistered pages', () => {
  it('pages through every not-registered officer of a unit in order, with the total on every page', async () => {
    const cycle = await createCycle({ includeTeamLeaders: true });
    const d01 = (await officersUnder('/HQ/D01/')).sort(byPathThenCode);
    await register(cycle.id, d01[3], { verificationOutcome: 'CLEAR' });
    const expected = d01.filter((x, i) => i !== 3 && x.active).map(asNotRegistered);

    const pageSize = 7;
    const seen: NotRegisteredOfficer[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await listNotRegistered(prisma, { cycleId: cycle.id, unitPathPrefix: '/HQ/D01/', page, pageSize });
      expect(total).toBe(expected.length);
      if (items.length === 0) break;
      expect(items.length).toBeLessThanOrEqual(pageSize);
      seen.push(...items);
    }
    expect(seen).toEqual(expected);
  });
});

describe('SQL and eligibility() agree', () => {
  const scopes: [string, ScopeInput][] = [
    ['every unit, both groups', { includeNonLeadership: true, includeTeamLeaders: true }],
    ['D01 and D35, two fields, staff only', { scopeUnitIds: ['D01', 'D35'], scopeFieldIds: ['F2', 'F5'] }],
    ['team leaders only', { includeNonLeadership: false, includeTeamLeaders: true }],
    ['a branch and a headquarters unit', { scopeUnitIds: ['D01-B01', 'HQ-RMB'], includeTeamLeaders: true }],
  ];

  it.each(scopes)('for every seeded officer: %s', async (_name, scope) => {
    const cycle = await createCycle(scope);
    // One snapshot for both sides, whatever other test files do meanwhile.
    const { officers, sql, tsScope } = await prisma.$transaction(
      async (tx) => ({
        tsScope: await loadCycleScope(tx, cycle.id),
        officers: await tx.officer.findMany({ select: officerSelect }),
        sql: await sqlEligibilityByOfficer(tx, cycle.id),
      }),
      { isolationLevel: 'RepeatableRead' },
    );
    expect(officers.length).toBeGreaterThanOrEqual(600);
    expect(sql.size).toBe(officers.length);
    let eligible = 0;
    for (const officer of officers) {
      const ts = eligibility(tsScope, {
        active: officer.active,
        unitPath: officer.unit.path,
        fieldId: officer.position.fieldId,
        isLeadership: officer.position.isLeadership,
      });
      expect({ officer: officer.id, ...sql.get(officer.id) }).toEqual({ officer: officer.id, ...ts });
      if (ts.eligible) eligible++;
    }
    // Each scope takes somebody, and all but the first leave somebody out.
    expect(eligible).toBeGreaterThan(0);
    if (scope.scopeUnitIds || !scope.includeNonLeadership) expect(eligible).toBeLessThan(officers.length);
    // And the report's inScope is the same count.
    const report = await registrationReport(prisma, { cycleId: cycle.id, unitPathPrefix: '/' });
    expect(report.totals.inScope).toBe(eligible);
  });

  it('agree that an inactive officer is not eligible (an officer made and rolled back in a transaction)', async () => {
    const cycle = await createCycle({ scopeUnitIds: ['D35'] });
    const code = `X${randomUUID().slice(0, 8)}`;
    const rollback = new Error('rollback');
    await expect(
      prisma.$transaction(async (tx) => {
        const template = (await tx.officer.findFirstOrThrow({ where: { unit: { path: { startsWith: '/HQ/D35/' } } }, select: officerSelect }));
        await tx.officer.create({
          data: {
            id: code, employeeCode: code, fullName: 'Người Thử', searchName: 'nguoi thu',
            unitId: template.unitId, positionId: template.positionId, active: false,
          },
        });
        const sql = await sqlEligibilityByOfficer(tx, cycle.id, '/HQ/D35/');
        const ts = eligibility(await loadCycleScope(tx, cycle.id), {
          active: false, unitPath: template.unit.path, fieldId: template.position.fieldId, isLeadership: template.position.isLeadership,
        });
        expect(sql.get(code)).toEqual(ts);
        expect(ts).toEqual({ eligible: false, unitInScope: true, fieldInScope: true, leadershipGroupInScope: !template.position.isLeadership });
        const list = await listNotRegistered(tx, { cycleId: cycle.id, unitPathPrefix: '/HQ/D35/', page: 1, pageSize: 100 });
        expect(list.items.map((x) => x.officerId)).not.toContain(code);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await prisma.officer.findUnique({ where: { id: code } })).toBeNull();
  });

  it('agree on the department of every unit', async () => {
    const units = await prisma.$queryRaw<{ path: string; department: string }[]>`
      SELECT u.path, ${departmentOfSql(Prisma.raw('u.path'))} AS department FROM "Unit" u`;
    expect(units.length).toBeGreaterThan(100);
    for (const unit of units) expect([unit.path, unit.department]).toEqual([unit.path, unitPath.department(unit.path)]);
  });

  it('refuse a cycle scoped to a unit that does not exist, rather than widening it to everyone', async () => {
    const cycle = await createCycle({ scopeUnitIds: ['NO-SUCH-UNIT'] });
    await expect(loadCycleScope(prisma, cycle.id)).rejects.toThrow(/unknown units: NO-SUCH-UNIT/);
    const sql = await sqlEligibilityByOfficer(prisma, cycle.id);
    expect([...sql.values()].some((x) => x.unitInScope)).toBe(false);
  });
});
