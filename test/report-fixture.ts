// A hand-made department for the results report and the capacity profile, built from rows of its own (the
// database is shared by concurrent test files; seeded rows are never changed): a small mountain department of
// 103 officers in scope, 48 of them tested, all achieving, half scoring 90 or more, 37 of 48 at level 3 (the
// issue's figures), in two branches and two positions of two fields; plus officers out of scope, registrations
// that do not count or were not tested, mismatched registrations, follow-up tasks, and one officer with a full
// history (assignments, sub-scores, a level trace, business feedback) for the profile.
import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../prisma/db';

const DAY = 86_400_000;

/** Seeded positions the department's officers hold: two of different fields, and a team leader's. */
export const FIXTURE_POSITIONS = { a: 'P-F1-02', b: 'P-F2-01', leader: 'P-F1-05' } as const;
const FIELD_OF: Record<string, string> = { 'P-F1-02': 'F1', 'P-F2-01': 'F2', 'P-F1-05': 'F1' };

type Level = 'LEVEL_1' | 'LEVEL_2' | 'LEVEL_3' | 'NOT_ACHIEVED';

export interface FixtureOfficer {
  /** 1..106: 1..103 are in scope. */
  n: number;
  id: string;
  unitId: string;
  positionId: string;
  fieldId: string;
  inScope: boolean;
  /** A counted registration (round 1, ACTIVE or EXCLUDED). */
  registered: boolean;
  tested: boolean;
  score: number | null;
  level: Level | null;
  mismatched: boolean;
}

export interface FixtureFollowUp {
  officerN: number;
  status: 'OPEN' | 'DONE' | 'DECLINED' | 'CANCELLED';
  overdue: boolean;
  /** Tasks of no cycle do not count in the cycle's report. */
  inCycle: boolean;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quốc', 'Ngọc', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Khánh', 'Lan', 'Linh', 'Mai', 'Nam', 'Phương', 'Quân', 'Sơn', 'Thảo', 'Trung', 'Tuấn', 'Yến', 'Ánh', 'Đạt', 'Hương', 'Lộc'];
const nameOf = (n: number) => `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 7) % MIDDLE.length]} ${GIVEN[(n * 13) % GIVEN.length]}`;
/** VNACCS numbers: 12 digits, 10... for imports and 30... for exports; random so concurrent fixtures never clash. */
const declarationNumber = (prefix: string) => `${prefix}${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
const searchNameOf = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

export async function reportFixture(prisma: PrismaClient, now: Date) {
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const deptId = `TD-${suffix}`;
  const b1 = `${deptId}-B1`;
  const b2 = `${deptId}-B2`;
  const deptPath = `/HQ/${deptId}/`;
  await prisma.unit.createMany({
    data: [
      { id: deptId, code: deptId, nameVi: `Cục Hải quan Hà Giang thử nghiệm ${suffix}`, nameEn: `Test Ha Giang Customs Department ${suffix}`, kind: 'DEPARTMENT', parentId: 'HQ', path: deptPath, depth: 1, province: 'Hà Giang' },
    ],
  });
  await prisma.unit.createMany({
    data: [
      { id: b1, code: b1, nameVi: `Chi cục Hải quan cửa khẩu Thanh Thủy ${suffix}`, nameEn: `Thanh Thuy Border Gate Customs Branch ${suffix}`, kind: 'BRANCH', parentId: deptId, path: `${deptPath}${b1}/`, depth: 2, province: 'Hà Giang' },
      { id: b2, code: b2, nameVi: `Chi cục Hải quan cửa khẩu Xín Mần ${suffix}`, nameEn: `Xin Man Border Gate Customs Branch ${suffix}`, kind: 'BRANCH', parentId: deptId, path: `${deptPath}${b2}/`, depth: 2, province: 'Hà Giang' },
    ],
  });

  // 1..60 in B1 holding position a; 61..70 in B2 holding a; 71..103 in B2 holding b;
  // out of scope: 104, 105 inactive (B1, a), 106 a team leader (B2; the cycle leaves team leaders out).
  const officers: FixtureOfficer[] = [];
  for (let n = 1; n <= 106; n++) {
    const unitId = n <= 60 || n === 104 || n === 105 ? b1 : b2;
    const positionId = n === 106 ? FIXTURE_POSITIONS.leader : n >= 71 && n <= 103 ? FIXTURE_POSITIONS.b : FIXTURE_POSITIONS.a;
    officers.push({
      n, id: `${deptId}-O${String(n).padStart(3, '0')}`, unitId, positionId, fieldId: FIELD_OF[positionId], inScope: n <= 103,
      registered: false, tested: false, score: null, level: null, mismatched: false,
    });
  }
  await prisma.officer.createMany({
    data: officers.map((o) => {
      const fullName = nameOf(o.n);
      return {
        id: o.id, employeeCode: `TD${suffix}${String(o.n).padStart(3, '0')}`, fullName, searchName: searchNameOf(fullName),
        unitId: o.unitId, positionId: o.positionId, active: o.n !== 104 && o.n !== 105,
      };
    }),
  });
  await prisma.assignment.createMany({
    data: officers.map((o) => ({ officerId: o.id, positionId: o.positionId, unitId: o.unitId, startDate: new Date('2022-03-01') })),
  });

  const cycle = await prisma.assessmentCycle.create({
    data: {
      code: `RES-${suffix}`, nameVi: `Kỳ đánh giá năng lực thử nghiệm báo cáo kết quả ${suffix}`, nameEn: `Results report test cycle ${suffix}`,
      status: 'RUNNING', phase: 'FOLLOW_UP', scopeUnitIds: [deptId], includeNonLeadership: true, includeTeamLeaders: false,
      registrationOpensAt: new Date(now.getTime() - 120 * DAY), registrationClosesAt: new Date(now.getTime() - 100 * DAY),
      listsDueAt: new Date(now.getTime() - 80 * DAY), examStartsAt: new Date(now.getTime() - 40 * DAY),
      examEndsAt: new Date(now.getTime() - 38 * DAY), closesAt: new Date(now.getTime() + 60 * DAY),
    },
  });

  // Tested: 1..36 (position a, B1) and 71..82 (position b): 48. In test order k = 0..47: the first 24 score
  // 90 or more (90.00 exactly at k = 0), the rest below (89.99 at k = 24); 37 at level 3, 8 at level 2, 3 at level 1.
  const testedNs = [...Array.from({ length: 36 }, (_, i) => i + 1), ...Array.from({ length: 12 }, (_, i) => i + 71)];
  testedNs.forEach((n, k) => {
    const o = officers[n - 1];
    o.registered = true;
    o.tested = true;
    o.score = k < 24 ? 90 + (k % 10) : k === 24 ? 89.99 : 60 + (k % 25);
    o.level = k < 37 ? 'LEVEL_3' : k < 45 ? 'LEVEL_2' : 'LEVEL_1';
  });
  // Registered, not tested: 37..42 and 83..86 (37 has an attempt still in progress, 38 a voided one), 44 EXCLUDED.
  // 43 withdrew and 87 is only in a re-examination round: neither counts as registered.
  for (const n of [37, 38, 39, 40, 41, 42, 83, 84, 85, 86, 44]) officers[n - 1].registered = true;
  // Mismatched: 2 registered for position b while holding a (other field), 37 and 83 for another position.
  for (const n of [2, 37, 83]) officers[n - 1].mismatched = true;

  type Reg = Prisma.RegistrationCreateManyInput;
  const registrations: Reg[] = [];
  const reasonsFor = (n: number): Prisma.InputJsonValue | undefined => {
    if (n === 2) return [{ code: 'POSITION_DIFFERS', severity: 'flag' }, { code: 'OTHER_FIELD', severity: 'flag' }];
    if (n === 37 || n === 83) return [{ code: 'POSITION_DIFFERS', severity: 'flag' }];
    if (n === 3) return [{ code: 'RECENT_ASSIGNMENT_CHANGE', severity: 'info', params: { months: 3, withinMonths: 6 } }];
    return [];
  };
  const regId = (n: number, round = 1) => `${deptId}-R${String(n).padStart(3, '0')}-${round}`;
  for (const o of officers) {
    if (!o.registered && o.n !== 43) continue;
    const chosen = o.n === 2 ? FIXTURE_POSITIONS.b : o.n === 37 ? 'P-F1-01' : o.n === 83 ? 'P-F2-02' : o.positionId;
    const reasons = reasonsFor(o.n);
    registrations.push({
      id: regId(o.n), cycleId: cycle.id, officerId: o.id, round: 1, positionId: chosen, heldPositionId: o.positionId, unitId: o.unitId,
      source: 'SELF', status: o.n === 43 ? 'WITHDRAWN' : o.n === 44 ? 'EXCLUDED' : 'ACTIVE',
      verificationOutcome: o.mismatched ? 'FLAGGED' : 'CLEAR', verificationReasons: reasons, verifiedAt: new Date(now.getTime() - 99 * DAY),
      reviewDecision: o.mismatched ? 'ACCEPTED' : 'PENDING', reviewJustification: o.mismatched ? 'Đã xác minh: được phân công tạm thời theo quyết định của Cục.' : null,
    });
  }
  // Round 2 (re-examinations) do not count: 1 re-sits and is tested again, 87 has only a round-2 registration.
  for (const n of [1, 87]) {
    const o = officers[n - 1];
    registrations.push({ id: regId(n, 2), cycleId: cycle.id, officerId: o.id, round: 2, positionId: o.positionId, heldPositionId: o.positionId, unitId: o.unitId, source: 'REEXAMINATION', verificationOutcome: 'CLEAR' });
  }
  await prisma.registration.createMany({ data: registrations });

  // Forms, attempts and results: every tested officer, 37 (in progress), 38 (voided), and round 2 of officer 1.
  const sat: { registrationId: string; o: FixtureOfficer; status: 'SUBMITTED' | 'AUTO_SUBMITTED' | 'IN_PROGRESS' | 'VOIDED'; score: number | null; level: Level | null; round: number }[] = [
    ...testedNs.map((n, k) => ({ registrationId: regId(n), o: officers[n - 1], status: (k % 5 === 4 ? 'AUTO_SUBMITTED' : 'SUBMITTED') as 'SUBMITTED' | 'AUTO_SUBMITTED', score: officers[n - 1].score, level: officers[n - 1].level, round: 1 })),
    { registrationId: regId(37), o: officers[36], status: 'IN_PROGRESS', score: null, level: null, round: 1 },
    { registrationId: regId(38), o: officers[37], status: 'VOIDED', score: null, level: null, round: 1 },
    { registrationId: regId(1, 2), o: officers[0], status: 'SUBMITTED', score: 40, level: 'NOT_ACHIEVED', round: 2 },
  ];
  const chosenOf = new Map(registrations.map((r) => [r.id!, r.positionId]));
  const startedAt = new Date(now.getTime() - 39 * DAY);
  await prisma.examForm.createMany({
    data: sat.map((s) => ({ id: `${s.registrationId}-F`, registrationId: s.registrationId, blueprintId: `BP-${chosenOf.get(s.registrationId)}-v1`, seed: 'report-fixture', items: [] })),
  });
  await prisma.attempt.createMany({
    data: sat.map((s) => ({
      id: `${s.registrationId}-A`, registrationId: s.registrationId, formId: `${s.registrationId}-F`, status: s.status, startedAt,
      deadlineAt: new Date(startedAt.getTime() + 3_600_000), submittedAt: s.status === 'SUBMITTED' || s.status === 'AUTO_SUBMITTED' ? new Date(startedAt.getTime() + 3_000_000) : null,
    })),
  });
  const profileOfficer = officers[1]; // n = 2: flagged, tested, with follow-ups and feedback
  const levelTrace = [
    {
      rule: 'level-3', fired: true, event: { type: 'level', params: { level: 'LEVEL_3' } },
      conditions: [
        { at: 'all[0]', fact: 'score', operator: 'greaterThanInclusive', value: 85, factValue: profileOfficer.score, result: true },
        { at: 'all[1]', fact: 'competenciesBelowRequired', operator: 'equal', value: 0, factValue: 0, result: true },
      ],
    },
    { rule: 'level-2', fired: false, conditions: [] },
  ];
  await prisma.result.createMany({
    data: sat.filter((s) => s.score !== null).map((s) => ({
      id: `${s.registrationId}-RES`, attemptId: `${s.registrationId}-A`, registrationId: s.registrationId, cycleId: cycle.id, officerId: s.o.id,
      positionId: chosenOf.get(s.registrationId)!, score: s.score!, correctCount: Math.round((s.score! * 40) / 100), itemCount: 40,
      passed: s.score! >= 50, level: s.level, levelTrace: s.o === profileOfficer && s.round === 1 ? levelTrace : undefined,
      gradedAt: new Date(startedAt.getTime() + 3_000_000),
    })),
  });
  // The profile officer's sub-scores against the framework of the position they sat (b).
  const framework = await prisma.positionCompetency.findMany({ where: { positionId: FIXTURE_POSITIONS.b }, orderBy: { competencyId: 'asc' } });
  await prisma.resultCompetencyScore.createMany({
    data: framework.map((c, i) => ({ resultId: `${regId(2)}-RES`, competencyId: c.competencyId, score: [100, 87.5, 75, 66.67, 50, 92.31, 80][i % 7], correctCount: 4, itemCount: 5, requiredLevel: c.requiredLevel })),
  });
  // The profile officer's history: before the current post, position b in B2 (2018-2022).
  await prisma.assignment.create({
    data: { officerId: profileOfficer.id, positionId: FIXTURE_POSITIONS.b, unitId: b2, startDate: new Date('2018-07-01'), endDate: new Date('2022-02-28'), decisionRef: 'QĐ 123/QĐ-HQHG' },
  });

  const followUps: (FixtureFollowUp & { type: 'RETRAINING' | 'REEXAMINATION' | 'REASSIGNMENT' | 'EXPERT_NOMINATION'; dueAt: Date })[] = [
    { officerN: 1, type: 'EXPERT_NOMINATION', status: 'DONE', overdue: false, inCycle: true, dueAt: new Date(now.getTime() - 10 * DAY) },
    { officerN: 2, type: 'RETRAINING', status: 'OPEN', overdue: true, inCycle: true, dueAt: new Date(now.getTime() - 5 * DAY) },
    { officerN: 71, type: 'RETRAINING', status: 'OPEN', overdue: true, inCycle: true, dueAt: new Date(now.getTime() - 1 * DAY) },
    { officerN: 72, type: 'REASSIGNMENT', status: 'OPEN', overdue: false, inCycle: true, dueAt: new Date(now.getTime() + 30 * DAY) },
    { officerN: 73, type: 'REASSIGNMENT', status: 'DECLINED', overdue: false, inCycle: true, dueAt: new Date(now.getTime() - 2 * DAY) },
    { officerN: 74, type: 'EXPERT_NOMINATION', status: 'CANCELLED', overdue: false, inCycle: true, dueAt: new Date(now.getTime() - 2 * DAY) },
    { officerN: 2, type: 'REASSIGNMENT', status: 'OPEN', overdue: true, inCycle: false, dueAt: new Date(now.getTime() - 3 * DAY) },
  ];
  const lowest = framework[framework.length - 1];
  await prisma.followUpTask.createMany({
    data: followUps.map((f, i) => {
      const o = officers[f.officerN - 1];
      return {
        id: `${deptId}-T${i}`, dedupeKey: `${deptId}:fixture:${i}`, type: f.type, status: f.status, officerId: o.id, unitId: deptId,
        cycleId: f.inCycle ? cycle.id : null, resultId: f.inCycle && o.tested ? `${regId(o.n)}-RES` : null, dueAt: f.dueAt,
        competencyId: f.type === 'RETRAINING' ? lowest.competencyId : null,
        outcome: f.status === 'DONE' ? { note: 'Đã đề cử vào nhóm chuyên gia phân loại hàng hóa' } : undefined,
        decisionReason: f.status === 'DECLINED' ? 'Chưa có vị trí phù hợp tại đơn vị' : null,
        decidedAt: f.status === 'OPEN' ? null : new Date(now.getTime() - DAY),
      };
    }),
  });

  // Business feedback on the profile officer: one very satisfied, one unsatisfied whose case was substantiated.
  const declarationId = `${deptId}-DECL`;
  await prisma.declaration.create({
    data: { id: declarationId, number: declarationNumber('10'), businessId: 'BUS-001', branchUnitId: b1, registeredAt: new Date(now.getTime() - 20 * DAY) },
  });
  const declarationId2 = `${deptId}-DECL2`;
  await prisma.declaration.create({
    data: { id: declarationId2, number: declarationNumber('30'), businessId: 'BUS-001', branchUnitId: b1, registeredAt: new Date(now.getTime() - 15 * DAY) },
  });
  const subject = { subjectKind: 'OFFICER' as const, subjectKey: `OFFICER:${profileOfficer.id}`, subjectOfficerId: profileOfficer.id, subjectUnitId: b1, businessId: 'BUS-001' };
  await prisma.feedback.create({ data: { ...subject, declarationId, level: 'VERY_SATISFIED', reasonCodes: [] } });
  const unhappy = await prisma.feedback.create({ data: { ...subject, declarationId: declarationId2, level: 'UNSATISFIED', reasonCodes: [], comment: 'Hướng dẫn thủ tục chưa rõ ràng' } });
  await prisma.feedbackCase.create({
    data: { feedbackId: unhappy.id, status: 'CLOSED', responsibleUnitId: b1, outcome: 'SUBSTANTIATED', outcomeReason: 'Đã nhắc nhở công chức', closedAt: new Date(now.getTime() - 2 * DAY) },
  });

  return {
    suffix,
    dept: { id: deptId, path: deptPath },
    branches: { b1: { id: b1, path: `${deptPath}${b1}/` }, b2: { id: b2, path: `${deptPath}${b2}/` } },
    cycle,
    officers,
    followUps: followUps.map(({ officerN, status, overdue, inCycle }) => ({ officerN, status, overdue, inCycle })),
    profileOfficer,
    lowestCompetencyId: lowest.competencyId,
  };
}
