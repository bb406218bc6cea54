// The results report and the capacity profile against a hand-made department (test/report-fixture.ts): the
// issue's small mountain department must read exactly so, the per-position and per-field figures match what the
// fixture built (counted here in plain JavaScript, independently of the SQL), the unit prefix narrows, and the
// profile shows every section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/db';
import { testPrisma } from '../test/support';
import { reportFixture, type FixtureOfficer } from '../test/report-fixture';
import { capacityProfile, renderLevelTrace } from './capacity-profile';
import { cycleResultReport, LEVELS, percentText, type Level, type ResultReportRow } from './cycle-report';
import { registrationReport } from './registration-report';

let prisma: PrismaClient;
let fixture: Awaited<ReturnType<typeof reportFixture>>;
const now = new Date();

beforeAll(async () => {
  prisma = testPrisma();
  fixture = await reportFixture(prisma, now);
});

afterAll(async () => {
  await prisma?.$disconnect();
});

const frac = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** What a group should show, counted over the fixture's officers and follow-ups. */
function expectedFigures(officers: FixtureOfficer[], followUpOfficers: Set<string>) {
  const tested = officers.filter((o) => o.tested);
  const followUps = fixture.followUps.filter((f) => f.inCycle && followUpOfficers.has(fixture.officers[f.officerN - 1].id));
  const levels = Object.fromEntries(LEVELS.map((l) => [l, tested.filter((o) => o.level === l).length])) as Record<Level, number>;
  const registered = officers.filter((o) => o.registered).length;
  return {
    inScope: officers.filter((o) => o.inScope).length,
    registered,
    tested: tested.length,
    achieved: tested.filter((o) => o.level !== 'NOT_ACHIEVED').length,
    scoredAtLeast90: tested.filter((o) => o.score! >= 90).length,
    levels,
    mismatched: officers.filter((o) => o.mismatched).length,
    participation: { rate: frac(tested.length, officers.filter((o) => o.inScope).length) },
    achievedRate: { rate: frac(tested.filter((o) => o.level !== 'NOT_ACHIEVED').length, tested.length) },
    scoredAtLeast90Rate: { rate: frac(tested.filter((o) => o.score! >= 90).length, tested.length) },
    mismatchRate: { rate: frac(officers.filter((o) => o.mismatched).length, registered) },
    followUps: {
      open: followUps.filter((f) => f.status === 'OPEN').length,
      done: followUps.filter((f) => f.status === 'DONE').length,
      declined: followUps.filter((f) => f.status === 'DECLINED').length,
      cancelled: followUps.filter((f) => f.status === 'CANCELLED').length,
      overdue: followUps.filter((f) => f.overdue).length,
    },
  };
}

function byKey(officers: FixtureOfficer[], key: (o: FixtureOfficer) => string) {
  const groups = new Map<string, FixtureOfficer[]>();
  for (const o of officers) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return new Map([...groups].map(([k, os]) => [k, expectedFigures(os, new Set(os.map((o) => o.id)))]));
}

describe('cycle results report', () => {
  it("reads the issue's small mountain department exactly so: 103 in scope, 48 tested (46.6%), 100% achieved, 50% at 90 or more, 77% at level 3", async () => {
    const report = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'department', unitPathPrefix: '/', asOf: now });
    // The cycle covers the test department only: one row, and the totals are that row.
    expect(report.rows.map((r) => r.key)).toEqual([fixture.dept.id]);
    const [row] = report.rows;
    expect(row.nameVi).toMatch(/^Cục Hải quan Hà Giang thử nghiệm/);
    expect(row.inScope).toBe(103);
    expect(row.tested).toBe(48);
    expect(row.participation).toEqual({ rate: 0.466, percent: '46.6%' });
    expect(row.achieved).toBe(48);
    expect(row.achievedRate).toEqual({ rate: 1, percent: '100%' });
    expect(row.scoredAtLeast90).toBe(24);
    expect(row.scoredAtLeast90Rate).toEqual({ rate: 0.5, percent: '50%' });
    expect(row.levels).toEqual({ LEVEL_1: 3, LEVEL_2: 8, LEVEL_3: 37, NOT_ACHIEVED: 0 });
    expect(row.levelShares.LEVEL_3).toEqual({ rate: 0.7708, percent: '77%' });
    expect(row.levelShares).toEqual({
      LEVEL_1: { rate: 0.0625, percent: '6%' },
      LEVEL_2: { rate: 0.1667, percent: '17%' },
      LEVEL_3: { rate: 0.7708, percent: '77%' },
      NOT_ACHIEVED: { rate: 0, percent: '0%' },
    });
    // 59 counted registrations (48 tested, 10 not, 1 excluded; a withdrawal and re-examination rounds do not count), 3 dodging.
    expect(row.registered).toBe(59);
    expect(row.unlevelled).toBe(0);
    expect(row.mismatched).toBe(3);
    expect(row.mismatchRate).toEqual({ rate: 0.0508, percent: '5.1%' });
    expect(row.followUps).toEqual({ open: 3, done: 1, declined: 1, cancelled: 1, overdue: 2 });
    const testedScores = fixture.officers.filter((o) => o.tested).map((o) => o.score!);
    expect(row.averageScore).toBe(Math.round((testedScores.reduce((a, b) => a + b, 0) / 48) * 100) / 100);
    const { key: _key, code: _code, nameVi: _vi, nameEn: _en, ...figures } = row;
    expect(report.totals).toEqual(figures);
  });

  it('counts per position (held) and per field as the fixture built them', async () => {
    for (const [by, key] of [
      ['position', (o: FixtureOfficer) => o.positionId],
      ['field', (o: FixtureOfficer) => o.fieldId],
    ] as const) {
      const report = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by, unitPathPrefix: fixture.dept.path, asOf: now });
      const expected = byKey(fixture.officers, key);
      // The team leader's position has no one in scope, no registration and no task: no row.
      for (const [k, figures] of expected) if (figures.inScope === 0 && figures.registered === 0) expected.delete(k);
      expect(report.rows.map((r) => r.key)).toEqual([...expected.keys()].sort());
      for (const row of report.rows) expect(row, `${by} ${row.key}`).toMatchObject(expected.get(row.key)!);
    }
    const byPosition = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'position', unitPathPrefix: '/', asOf: now });
    const a = byPosition.rows.find((r) => r.key === 'P-F1-02') as ResultReportRow;
    // The officer who registered for a position of another field counts under the one they hold.
    expect(a).toMatchObject({ inScope: 70, tested: 36, mismatched: 2, fieldId: 'F1', code: 'P-F1-02' });
    expect(a.nameVi).toBe('Công chức kiểm tra hồ sơ hải quan');
  });

  it('narrows to a unit subtree, and shows nothing outside it', async () => {
    const b1 = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'department', unitPathPrefix: fixture.branches.b1.path, asOf: now });
    const inB1 = fixture.officers.filter((o) => o.unitId === fixture.branches.b1.id);
    expect(b1.rows).toHaveLength(1);
    expect(b1.rows[0]).toMatchObject({ key: fixture.dept.id, ...expectedFigures(inB1, new Set(inB1.map((o) => o.id))) });
    expect(b1.rows[0].inScope).toBe(60);

    const elsewhere = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'field', unitPathPrefix: '/HQ/D01/', asOf: now });
    expect(elsewhere.rows).toEqual([]);
    expect(elsewhere.totals).toMatchObject({ inScope: 0, tested: 0, participation: { rate: 0, percent: '0%' }, averageScore: null });
    const nobody = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'department', unitPathPrefix: '\u0000', asOf: now });
    expect(nobody.rows).toEqual([]);
  });

  it("measures overdue follow-ups at asOf, and agrees with the registration report's mismatch count", async () => {
    const later = new Date(now.getTime() + 60 * 86_400_000);
    const report = await cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'department', unitPathPrefix: '/', asOf: later });
    expect(report.totals.followUps.overdue).toBe(3); // the task due in 30 days is overdue 60 days on
    const registrations = await registrationReport(prisma, { cycleId: fixture.cycle.id, unitPathPrefix: '/' });
    expect(report.totals.mismatched).toBe(registrations.totals.mismatched);
    expect(report.totals.registered).toBe(registrations.totals.registered);
    expect(report.totals.inScope).toBe(registrations.totals.inScope);
  });

  it('refuses a path prefix that could widen the scope, and an unknown cycle', async () => {
    await expect(cycleResultReport(prisma, { cycleId: fixture.cycle.id, by: 'department', unitPathPrefix: '/HQ/D3' })).rejects.toThrow(RangeError);
    await expect(cycleResultReport(prisma, { cycleId: 'no-such-cycle', by: 'department', unitPathPrefix: '/' })).rejects.toThrow(/not found/);
  });
});

describe('percentText', () => {
  it('shows one decimal for rates and whole percents for level shares, without trailing zeros', () => {
    expect(percentText(0.466)).toBe('46.6%');
    expect(percentText(1)).toBe('100%');
    expect(percentText(0.5)).toBe('50%');
    expect(percentText(0)).toBe('0%');
    expect(percentText(0.0508)).toBe('5.1%');
    expect(percentText(0.7708, 0)).toBe('77%');
    expect(percentText(0.1667, 0)).toBe('17%');
    expect(percentText(0.1234, 2)).toBe('12.34%');
  });
});

describe('capacity profile', () => {
  it('shows assignments, each cycle with the position chosen against the one held, the result with its level and why, sub-scores, follow-ups and feedback', async () => {
    const officer = fixture.profileOfficer;
    const profile = (await capacityProfile(prisma, officer.id, { locale: 'vi', asOf: now }))!;
    expect(profile.officer).toMatchObject({ id: officer.id, unit: { id: fixture.branches.b1.id }, position: { id: 'P-F1-02', isLeadership: false }, field: { id: 'F1' } });
    expect(profile.assignments.map((a) => [a.position.id, a.current])).toEqual([['P-F1-02', true], ['P-F2-01', false]]);
    expect(profile.assignments[1]).toMatchObject({ startDate: '2018-07-01', endDate: '2022-02-28', decisionRef: 'QĐ 123/QĐ-HQHG' });

    expect(profile.cycles).toHaveLength(1);
    const [entry] = profile.cycles;
    expect(entry.cycle).toMatchObject({ id: fixture.cycle.id, code: fixture.cycle.code });
    expect(entry.registration).toMatchObject({
      round: 1,
      chosenPosition: { id: 'P-F2-01', nameVi: 'Công chức phân loại hàng hóa, áp mã HS' },
      heldPosition: { id: 'P-F1-02' },
      positionDiffers: true,
      verification: { outcome: 'FLAGGED' },
      review: { decision: 'ACCEPTED' },
    });
    expect(entry.registration.verification.reasons.map((r) => r.text)).toEqual([
      'Vị trí đăng ký "Công chức phân loại hàng hóa, áp mã HS" khác vị trí đang đảm nhiệm "Công chức kiểm tra hồ sơ hải quan"',
      'Vị trí đăng ký thuộc lĩnh vực chuyên môn khác với lĩnh vực đang công tác',
    ]);
    expect(entry.attempt?.status).toBe('SUBMITTED');
    expect(entry.result).toMatchObject({ score: officer.score, passed: true, level: 'LEVEL_3' });
    expect(entry.result!.levelReason).toEqual([`Mức 3 (level-3): score ≥ 85 (${officer.score}); competenciesBelowRequired = 0 (0)`]);
    const framework = await prisma.positionCompetency.findMany({ where: { positionId: 'P-F2-01' } });
    expect(entry.result!.competencies).toHaveLength(framework.length);
    for (const c of entry.result!.competencies) {
      expect(c.requiredLevel).toBe(framework.find((f) => f.competencyId === c.competency.id)!.requiredLevel);
      expect(c.competency.nameVi.length).toBeGreaterThan(0);
    }
    // Highest required level first.
    const required = entry.result!.competencies.map((c) => c.requiredLevel);
    expect(required).toEqual([...required].sort((x, y) => y - x));

    expect(profile.followUps.map((f) => [f.type, f.status, f.overdue, f.cycle?.id ?? null])).toEqual(
      expect.arrayContaining([
        ['RETRAINING', 'OPEN', true, fixture.cycle.id],
        ['REASSIGNMENT', 'OPEN', true, null],
      ]),
    );
    expect(profile.followUps.find((f) => f.type === 'RETRAINING')!.competency?.id).toBe(fixture.lowestCompetencyId);

    expect(profile.feedback).not.toBeNull();
    expect(profile.feedback!.ratings).toMatchObject({ total: 2, byLevel: { VERY_SATISFIED: 1, UNSATISFIED: 1, SATISFIED: 0 } });
    expect(profile.feedback!.cases).toMatchObject({ total: 1, closed: 1, substantiated: 1, notSubstantiated: 0 });
  });

  it('renders in English, leaves feedback out when nobody rated the officer, and is null for an unknown officer', async () => {
    const en = (await capacityProfile(prisma, fixture.profileOfficer.id, { locale: 'en', asOf: now }))!;
    expect(en.cycles[0].result!.levelReason![0]).toMatch(/^Level 3 \(level-3\): score ≥ 85/);
    expect(en.cycles[0].registration.verification.reasons[0].text).toBe('Registered position "Tariff classification officer" differs from the position held, "Document examination officer"');

    const untested = fixture.officers[38]; // n = 39: registered, not tested
    const plain = (await capacityProfile(prisma, untested.id, { locale: 'vi', asOf: now }))!;
    expect(plain.feedback).toBeNull();
    expect(plain.followUps).toEqual([]);
    expect(plain.cycles).toHaveLength(1);
    expect(plain.cycles[0]).toMatchObject({ attempt: null, result: null, registration: { positionDiffers: false } });

    // A re-examination comes after the regular exam of the same cycle, each with its own result.
    const resat = (await capacityProfile(prisma, fixture.officers[0].id, { locale: 'vi', asOf: now }))!;
    expect(resat.cycles.map((c) => [c.registration.round, c.result?.level])).toEqual([[1, 'LEVEL_3'], [2, 'NOT_ACHIEVED']]);
    expect(resat.cycles[1].result!.levelReason).toBeNull();

    expect(await capacityProfile(prisma, 'no-such-officer', { locale: 'vi' })).toBeNull();
  });
});

describe('renderLevelTrace', () => {
  const trace = [
    { rule: 'not-achieved', fired: false, conditions: [{ fact: 'score', operator: 'lessThan', value: 50, factValue: 72.5, result: false }] },
    {
      rule: 'level-2',
      fired: true,
      event: { type: 'level', params: { level: 'LEVEL_2' } },
      conditions: [
        { fact: 'score', operator: 'greaterThanInclusive', value: 70, factValue: 72.5, result: true },
        { fact: 'subScores', path: '$.C-F1-1', operator: 'greaterThan', value: 60, factValue: 66.666, result: true },
        { fact: 'score', operator: 'greaterThanInclusive', value: 85, factValue: 72.5, result: false },
      ],
    },
  ];

  it('names the level a fired rule gave and the conditions that held, with the values seen', () => {
    expect(renderLevelTrace(trace, 'LEVEL_2', 'vi')).toEqual(['Mức 2 (level-2): score ≥ 70 (72.5); subScores.C-F1-1 > 60 (66.67)']);
    expect(renderLevelTrace({ trace, events: [] }, 'LEVEL_2', 'en')).toEqual(['Level 2 (level-2): score ≥ 70 (72.5); subScores.C-F1-1 > 60 (66.67)']);
  });

  it('shows text a trace already carries, says when no rule fired, and never fails on other shapes', () => {
    expect(renderLevelTrace(null, null, 'vi')).toBeNull();
    expect(renderLevelTrace({ summary: 'Mức 1 vì điểm 55' }, 'LEVEL_1', 'vi')).toEqual(['Mức 1 vì điểm 55']);
    expect(renderLevelTrace({ reason: { vi: 'lý do', en: 'reason' } }, 'LEVEL_1', 'en')).toEqual(['reason']);
    expect(renderLevelTrace([{ rule: 'x', fired: false, conditions: [] }], null, 'en')).toEqual(['no rule fired']);
    expect(renderLevelTrace({ weird: true }, 'NOT_ACHIEVED', 'vi')).toEqual(['Chưa đạt: {"weird":true}']);
    expect(renderLevelTrace([{ rule: 'custom', fired: true, event: { type: 'promote', params: {} }, conditions: [{ fact: 'x', operator: 'isOdd', value: true, factValue: 3, result: true }] }], null, 'vi')).toEqual([
      'promote (custom): x isOdd true (3)',
    ]);
  });
});
