// The feedback statistics against a hand-made dataset whose every figure is worked out by hand below. The data
// lives in a unit subtree of this test's own (a container "X" under D35 with branches B1, B2 and teams T1, T2,
// T3), so the shared test database's other rows never count: every query is scoped to X.
//
//   decl  business  branch  submitted   ratings (subject → level; responsible unit)
//   D1    BA        B1      03-02       BRANCH B1 → 5; TEAM T1 → 4; STAGE S1 → 3 (T1); OFFICER O1 → 1 (T1); OFFICER O2 → 2 (T1)
//   D2    BA        B1      03-10       BRANCH B1 → 4; TEAM T2 → 2; STAGE S3 → 5 (B1: two teams shared it); OFFICER O3 → 5 (T2)
//   D3    BB        B2      04-05       BRANCH B2 → 3; TEAM T3 → 1; OFFICER O4 → 2 (T3); STAGE S4 → 4 (T3)
//
//   13 ratings: 5★ ×3, 4★ ×3, 3★ ×2, 2★ ×3, 1★ ×2; score sum 41, mean 3.15; satisfied 6/13, unsatisfied 5/13.
//   Cases (the five unsatisfied ratings), as of 2026-04-06T00:00Z:
//   c1 O1: closed after 10 h, substantiated, accepted          c2 O2: closed after 20 h, not substantiated, contested, escalated 1
//   c3 T2: closed after 60 h, substantiated, no response, escalated 2
//   c4 T3: verifying, due 1 h ago (overdue), escalated 1       c5 O4: handling, due in 10 h
//   → mean time to close 30.0 h, median 20.0 h.
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackSubjectKind, PrismaClient, SatisfactionLevel } from '../prisma/db';
import { toSearchName } from '../domain/text';
import { testPrisma } from '../test/support';
import {
  analytics,
  caseFigures,
  feedbackOverview,
  lookupBatches,
  lookupRatings,
  officerFeedbackSummary,
  ratingDistribution,
  ratingFigures,
  unitFeedbackSummary,
  type FeedbackFilter,
} from './feedback-stats';

let prisma: PrismaClient;
const tag = randomUUID().slice(0, 6).toUpperCase();
const X = `D35-FX${tag}`;
const B1 = `${X}-B1`;
const B2 = `${X}-B2`;
const T1 = `${B1}-T1`;
const T2 = `${B1}-T2`;
const T3 = `${B2}-T3`;
const O = [1, 2, 3, 4].map((i) => `O-FX${tag}-${i}`);
const BA = `BUS-FX${tag}-A`;
const BB = `BUS-FX${tag}-B`;
const numberBase = `30${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
const DECL = ['01', '02', '03'].map((n) => ({ id: `DEC-FX${tag}-${n}`, number: `${numberBase}${n}` }));
const asOf = new Date('2026-04-06T00:00:00Z');
const X_PATH = `/HQ/D35/${X}/`;
const scoped = (f: Partial<FeedbackFilter> = {}): FeedbackFilter => ({ unitPathPrefix: X_PATH, ...f });
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  prisma = testPrisma();
  const unit = (id: string, parent: string, parentPath: string, depth: number, nameVi: string) => ({
    id, code: id, nameVi, nameEn: `${id} (test)`, kind: 'BRANCH' as const, parentId: parent, path: `${parentPath}${id}/`, depth,
  });
  await prisma.unit.createMany({
    data: [
      unit(X, 'D35', '/HQ/D35/', 2, 'Khối thử nghiệm thống kê'),
      unit(B1, X, X_PATH, 3, 'Chi cục Hải quan Cửa khẩu Thanh Thủy'),
      unit(B2, X, X_PATH, 3, 'Chi cục Hải quan Cửa khẩu Xín Mần'),
    ],
  });
  await prisma.unit.createMany({
    data: [
      { ...unit(T1, B1, `${X_PATH}${B1}/`, 4, 'Đội Thủ tục hàng hóa xuất nhập khẩu'), kind: 'TEAM' },
      { ...unit(T2, B1, `${X_PATH}${B1}/`, 4, 'Đội Kiểm soát hải quan'), kind: 'TEAM' },
      { ...unit(T3, B2, `${X_PATH}${B2}/`, 4, 'Đội Nghiệp vụ'), kind: 'TEAM' },
    ],
  });
  const position = await prisma.jobPosition.findFirstOrThrow({ where: { isLeadership: false }, orderBy: { id: 'asc' } });
  const names = ['Nguyễn Thị Ánh Tuyết', 'Trần Đức Lượng', 'Lê Quý Đôn', 'Hoàng Văn Thụ'];
  await prisma.officer.createMany({
    data: O.map((id, i) => ({
      id, employeeCode: `ZZFX${tag}${i + 1}`, fullName: names[i], searchName: toSearchName(names[i]),
      unitId: [T1, T1, T2, T3][i], positionId: position.id, active: false, // inactive: no cycle counts them
    })),
  });
  await prisma.business.createMany({
    data: [
      { id: BA, taxCode: `09${String(randomInt(0, 100_000_000)).padStart(8, '0')}`, name: 'Công ty TNHH Hải sản Cà Mau', searchName: toSearchName('Công ty TNHH Hải sản Cà Mau') },
      { id: BB, taxCode: `07${String(randomInt(0, 100_000_000)).padStart(8, '0')}`, name: 'Công ty Cổ phần Dệt may Đà Nẵng', searchName: toSearchName('Công ty Cổ phần Dệt may Đà Nẵng') },
    ],
  });
  await prisma.declaration.createMany({
    data: [
      { ...DECL[0], businessId: BA, branchUnitId: B1, registeredAt: at('2026-03-01T02:00:00Z') },
      { ...DECL[1], businessId: BA, branchUnitId: B1, registeredAt: at('2026-03-09T02:00:00Z') },
      { ...DECL[2], businessId: BB, branchUnitId: B2, registeredAt: at('2026-04-04T02:00:00Z') },
    ],
  });
  type R = [decl: number, kind: FeedbackSubjectKind, id: string, level: SatisfactionLevel, unit: string, submitted: string];
  const rows: R[] = [
    [0, 'BRANCH', B1, 'VERY_SATISFIED', B1, '2026-03-02T01:00:00Z'],
    [0, 'TEAM', T1, 'SATISFIED', T1, '2026-03-02T01:00:01Z'],
    [0, 'STAGE', 'S1', 'NORMAL', T1, '2026-03-02T01:00:02Z'],
    [0, 'OFFICER', O[0], 'VERY_UNSATISFIED', T1, '2026-03-02T01:00:03Z'],
    [0, 'OFFICER', O[1], 'UNSATISFIED', T1, '2026-03-02T01:00:04Z'],
    [1, 'BRANCH', B1, 'SATISFIED', B1, '2026-03-10T01:00:00Z'],
    [1, 'TEAM', T2, 'UNSATISFIED', T2, '2026-03-10T01:00:01Z'],
    [1, 'STAGE', 'S3', 'VERY_SATISFIED', B1, '2026-03-10T01:00:02Z'],
    [1, 'OFFICER', O[2], 'VERY_SATISFIED', T2, '2026-03-10T01:00:03Z'],
    [2, 'BRANCH', B2, 'NORMAL', B2, '2026-04-05T01:00:00Z'],
    [2, 'TEAM', T3, 'VERY_UNSATISFIED', T3, '2026-04-05T01:00:01Z'],
    [2, 'OFFICER', O[3], 'UNSATISFIED', T3, '2026-04-05T01:00:02Z'],
    [2, 'STAGE', 'S4', 'SATISFIED', T3, '2026-04-05T01:00:03Z'],
  ];
  await prisma.feedback.createMany({
    data: rows.map(([d, kind, id, level, unitId, submitted]) => ({
      id: `FB-FX${tag}-${d}-${kind}-${id}`,
      declarationId: DECL[d].id, businessId: d < 2 ? BA : BB, subjectKind: kind, subjectKey: `${kind}:${id}`, subjectUnitId: unitId,
      subjectStageId: kind === 'STAGE' ? id : null, subjectOfficerId: kind === 'OFFICER' ? id : null,
      level, reasonCodes: level.includes('UNSATISFIED') ? ['SLOW_PROCESSING'] : [], comment: level === 'VERY_UNSATISFIED' ? 'Chờ kiểm tra thực tế quá lâu' : null, submittedAt: at(submitted),
    })),
  });
  const fb = (d: number, kind: string, id: string) => `FB-FX${tag}-${d}-${kind}-${id}`;
  const hours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000);
  await prisma.feedbackCase.createMany({
    data: [
      { feedbackId: fb(0, 'OFFICER', O[0]), responsibleUnitId: T1, status: 'CLOSED', createdAt: at('2026-03-02T01:00:03Z'), closedAt: hours('2026-03-02T01:00:03Z', 10), outcome: 'SUBSTANTIATED', answeredAt: hours('2026-03-02T01:00:03Z', 8), businessAccepted: true },
      { feedbackId: fb(0, 'OFFICER', O[1]), responsibleUnitId: T1, status: 'CLOSED', createdAt: at('2026-03-02T01:00:04Z'), closedAt: hours('2026-03-02T01:00:04Z', 20), outcome: 'NOT_SUBSTANTIATED', businessAccepted: false, escalationLevel: 1 },
      { feedbackId: fb(1, 'TEAM', T2), responsibleUnitId: T2, status: 'CLOSED', createdAt: at('2026-03-10T01:00:01Z'), closedAt: hours('2026-03-10T01:00:01Z', 60), outcome: 'SUBSTANTIATED', businessAccepted: null, escalationLevel: 2 },
      { feedbackId: fb(2, 'TEAM', T3), responsibleUnitId: T3, status: 'VERIFYING', createdAt: at('2026-04-05T01:00:01Z'), stepDueAt: hours('2026-04-06T00:00:00Z', -1), escalationLevel: 1 },
      { feedbackId: fb(2, 'OFFICER', O[3]), responsibleUnitId: T3, status: 'HANDLING', createdAt: at('2026-04-05T01:00:02Z'), stepDueAt: hours('2026-04-06T00:00:00Z', 10) },
    ],
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
});

describe('feedback statistics (SQL aggregates)', () => {
  it('totals and the distribution by level', async () => {
    expect(await ratingFigures(prisma, scoped())).toEqual({
      total: 13,
      byLevel: { VERY_SATISFIED: 3, SATISFIED: 3, NORMAL: 2, UNSATISFIED: 3, VERY_UNSATISFIED: 2 },
      averageScore: 3.15,
      satisfiedShare: 0.4615,
      unsatisfiedShare: 0.3846,
    });
    // Another unit's scope sees none of it; a caller without scope sees nothing at all.
    expect((await ratingFigures(prisma, { unitPathPrefix: '/HQ/D01/' })).total).toBeGreaterThanOrEqual(0);
    expect(await ratingFigures(prisma, { unitPathPrefix: `/HQ/D35/${X}-NOPE/` })).toMatchObject({ total: 0, averageScore: null, satisfiedShare: 0 });
    expect((await ratingFigures(prisma, { unitPathPrefix: '\u0000' })).total).toBe(0);
  });

  it('applies every look-up filter', async () => {
    const count = async (f: Partial<FeedbackFilter>) => (await ratingFigures(prisma, scoped(f))).total;
    expect(await count({ unitPathPrefix: `${X_PATH}${B1}/` })).toBe(9);
    expect(await count({ from: at('2026-03-05T00:00:00Z'), to: at('2026-04-01T00:00:00Z') })).toBe(4);
    expect(await count({ to: at('2026-03-02T01:00:02Z') })).toBe(2); // "to" is exclusive
    expect(await count({ businessId: BB })).toBe(4);
    expect(await count({ businessSearch: toSearchName('Hải sản Cà Mau') })).toBe(9);
    expect(await count({ businessSearch: 'ca mau' })).toBe(9);
    expect(await count({ declarationNumber: DECL[0].number })).toBe(5);
    expect(await count({ declarationNumber: numberBase })).toBe(13);
    expect(await count({ declarationNumber: '%' })).toBe(0); // LIKE wildcards are literal
    expect(await count({ branchId: B2 })).toBe(4);
    expect(await count({ teamId: T1 })).toBe(4); // the team, its stage S1 and its officers O1, O2
    expect(await count({ stageId: 'S3' })).toBe(1);
    expect(await count({ officerId: O[0] })).toBe(1);
    expect(await count({ levels: ['UNSATISFIED', 'VERY_UNSATISFIED'] })).toBe(5);
    expect(await count({ subjectKind: 'OFFICER' })).toBe(4);
    expect(await count({ subjectKind: 'OFFICER', levels: ['VERY_SATISFIED'], branchId: B1 })).toBe(1);
  });

  it('distributions by branch, team, stage, officer, responsible unit and department', async () => {
    const all = { limit: 50, offset: 0 };
    const branch = await ratingDistribution(prisma, scoped(), 'branch', all);
    expect(branch.groups).toBe(2);
    expect(branch.rows.map((r) => [r.id, r.nameVi, r.total, r.averageScore])).toEqual([
      [B1, 'Chi cục Hải quan Cửa khẩu Thanh Thủy', 2, 4.5],
      [B2, 'Chi cục Hải quan Cửa khẩu Xín Mần', 1, 3],
    ]);
    const team = await ratingDistribution(prisma, scoped(), 'team', all);
    expect(team.rows.map((r) => [r.id, r.byLevel.VERY_UNSATISFIED, r.unsatisfiedShare])).toEqual([[T1, 0, 0], [T2, 0, 1], [T3, 1, 1]]);
    const stage = await ratingDistribution(prisma, scoped(), 'stage', all);
    expect(stage.rows.map((r) => r.id)).toEqual(['S1', 'S3', 'S4']);
    expect(stage.rows[0].nameVi).toBe('Tiếp nhận tờ khai');
    const officer = await ratingDistribution(prisma, scoped(), 'officer', all);
    expect(officer.rows.map((r) => [r.id, r.nameVi, r.employeeCode, r.unitId, r.averageScore])).toEqual([
      [O[0], 'Nguyễn Thị Ánh Tuyết', `ZZFX${tag}1`, T1, 1],
      [O[1], 'Trần Đức Lượng', `ZZFX${tag}2`, T1, 2],
      [O[2], 'Lê Quý Đôn', `ZZFX${tag}3`, T2, 5],
      [O[3], 'Hoàng Văn Thụ', `ZZFX${tag}4`, T3, 2],
    ]);
    const secondPage = await ratingDistribution(prisma, scoped(), 'officer', { limit: 2, offset: 2 });
    expect(secondPage).toMatchObject({ groups: 4, rows: [{ id: O[2] }, { id: O[3] }] });
    expect(await ratingDistribution(prisma, scoped(), 'officer', { limit: 2, offset: 10 })).toEqual({ groups: 4, rows: [] });
    const unit = await ratingDistribution(prisma, scoped(), 'unit', all);
    expect(unit.rows.map((r) => [r.id, r.total])).toEqual([[T1, 4], [B1, 3], [T3, 3], [T2, 2], [B2, 1]]);
    const department = await ratingDistribution(prisma, scoped(), 'department', all);
    expect(department.rows.map((r) => [r.id, r.total, r.averageScore])).toEqual([['D35', 13, 3.15]]);
  });

  it('case figures: open, closed, overdue, escalated, outcomes, time to close', async () => {
    expect(await caseFigures(prisma, scoped(), asOf)).toEqual({
      total: 5, open: 2, notStarted: 0, verifying: 1, handling: 1, answered: 0, closed: 3, overdue: 1,
      escalatedToDepartment: 3, escalatedToHeadquarters: 1, substantiated: 2, notSubstantiated: 1,
      acceptedByBusiness: 1, contestedByBusiness: 1, closedWithoutResponse: 1,
      averageHoursToClose: 30, medianHoursToClose: 20,
    });
    expect(await caseFigures(prisma, scoped({ businessId: BB }), asOf)).toMatchObject({ total: 2, open: 2, overdue: 1, averageHoursToClose: null, medianHoursToClose: null });
    expect((await caseFigures(prisma, scoped(), new Date('2026-04-07T00:00:00Z'))).overdue).toBe(2);
  });

  it('the overview: totals, the most rated subjects of each kind, and the cases, in one pass', async () => {
    const overview = await feedbackOverview(prisma, scoped(), 1, asOf);
    expect(overview.ratings).toEqual(await ratingFigures(prisma, scoped()));
    // As the API runs it: one repeatable-read transaction tuned for aggregates; the same answer.
    expect(await analytics(prisma, (db) => feedbackOverview(db, scoped(), 1, asOf))).toEqual(overview);
    expect(overview.cases.total).toBe(5);
    expect(overview.bySubject.branch).toMatchObject({ groups: 2, rows: [{ id: B1, total: 2, nameVi: 'Chi cục Hải quan Cửa khẩu Thanh Thủy' }] });
    expect(overview.bySubject.team).toMatchObject({ groups: 3, rows: [{ id: T1 }] });
    expect(overview.bySubject.stage).toMatchObject({ groups: 3, rows: [{ id: 'S1', nameEn: 'Declaration reception' }] });
    expect(overview.bySubject.officer).toMatchObject({ groups: 4, rows: [{ id: O[0], nameVi: 'Nguyễn Thị Ánh Tuyết', byLevel: { VERY_UNSATISFIED: 1 } }] });
    const none = await feedbackOverview(prisma, scoped({ businessId: 'nobody' }), 5, asOf);
    expect(none.ratings).toMatchObject({ total: 0, averageScore: null });
    expect(none.bySubject.officer).toEqual({ groups: 0, rows: [] });
  });

  it('looks up ratings newest first, paged or in keyset batches, with names intact', async () => {
    const page1 = await lookupRatings(prisma, scoped(), { limit: 5, offset: 0 });
    expect(page1.total).toBe(13);
    expect(page1.rows.map((r) => r.subjectKey)).toEqual([`STAGE:S4`, `OFFICER:${O[3]}`, `TEAM:${T3}`, `BRANCH:${B2}`, `OFFICER:${O[2]}`]);
    expect(page1.rows[0]).toMatchObject({ businessName: 'Công ty Cổ phần Dệt may Đà Nẵng', branchNameVi: 'Chi cục Hải quan Cửa khẩu Xín Mần', stageNameVi: 'Thu thuế', declarationNumber: DECL[2].number });
    expect(page1.rows[1]).toMatchObject({ officerName: 'Hoàng Văn Thụ', caseStatus: 'HANDLING', level: 'UNSATISFIED', reasonCodes: ['SLOW_PROCESSING'] });
    const everything = await lookupRatings(prisma, scoped(), { limit: 100, offset: 0 });
    const batches: string[][] = [];
    for await (const batch of lookupBatches(prisma, scoped(), 5)) batches.push(batch.map((r) => r.id));
    expect(batches.map((b) => b.length)).toEqual([5, 5, 3]);
    expect(batches.flat()).toEqual(everything.rows.map((r) => r.id));
    const filtered = await lookupRatings(prisma, scoped({ officerId: O[0] }), { limit: 10, offset: 0 });
    expect(filtered.rows.map((r) => [r.officerName, r.caseOutcome, r.comment])).toEqual([['Nguyễn Thị Ánh Tuyết', 'SUBSTANTIATED', 'Chờ kiểm tra thực tế quá lâu']]);
  });

  it("summarises an officer for the capacity profile and a unit with its sub-units for evaluation", async () => {
    const officer = await officerFeedbackSummary(prisma, O[1], {}, asOf);
    expect(officer.ratings).toMatchObject({ total: 1, byLevel: { UNSATISFIED: 1 }, averageScore: 2 });
    expect(officer.cases).toMatchObject({ total: 1, closed: 1, notSubstantiated: 1, contestedByBusiness: 1, escalatedToDepartment: 1 });
    expect((await officerFeedbackSummary(prisma, O[1], { from: at('2026-04-01T00:00:00Z') }, asOf)).ratings.total).toBe(0);

    const x = await unitFeedbackSummary(prisma, { id: X, path: X_PATH, depth: 2 }, {}, asOf);
    expect(x.ratings).toEqual(await ratingFigures(prisma, scoped())); // added up from the child rows, the same figures
    expect(x.children.map((c) => [c.unitId, c.ratings.total, c.cases])).toEqual([
      [B1, 9, { total: 3, open: 0, closed: 3, overdue: 0, substantiated: 2, notSubstantiated: 1 }],
      [B2, 4, { total: 2, open: 2, closed: 0, overdue: 1, substantiated: 0, notSubstantiated: 0 }],
    ]);
    const b1 = await unitFeedbackSummary(prisma, { id: B1, path: `${X_PATH}${B1}/`, depth: 3 }, {}, asOf);
    expect(b1.children.map((c) => [c.unitId, c.nameVi, c.ratings.total])).toEqual([
      [B1, 'Chi cục Hải quan Cửa khẩu Thanh Thủy', 3], // rated as the branch itself (and the stage two teams shared)
      [T1, 'Đội Thủ tục hàng hóa xuất nhập khẩu', 4],
      [T2, 'Đội Kiểm soát hải quan', 2],
    ]);
    expect(b1.cases).toMatchObject({ total: 3, closed: 3, medianHoursToClose: 20 });
  });
});
