// A year of business feedback: businesses rate their declarations (submitRatings, the function the rating route
// calls, at the moment they rated), every unsatisfied rating opens a case, and each case lives its life through
// the activities of FeedbackCaseWorkflow at the dates it happened: verified (late ones escalate first), handled,
// answered, then accepted, contested and reconsidered, or left unanswered until the window closes. The latest
// complaints about the demo leader's department and one of the demo business's stay open: their workflows
// start with the demo (POST /api/feedback/cases/dispatch), so there is work waiting.
import { createFeedbackActivities } from '../../activities/feedback';
import { submitRatings } from '../../services/feedback-ratings';
import { DEFAULT_FEEDBACK_POLICY } from '../../domain/feedback-policy';
import { feedbackCaseWorkflowId } from '../../domain/feedback-case';
import { declarationSubjects } from '../../domain/feedback-subject';
import type { RatingRequest, SatisfactionLevelName } from '../../domain/feedback-rating';
import { randomFor, WeightedTable, type Random } from './random';
import { runAt } from './simulated-time';
import { departmentOfPath, HOUR, later, leaderOf, type HistoryWorld } from './history-world';

export interface FeedbackHistorySummary {
  ratings: number;
  cases: number;
  /** Cases left for the demo to start (status OPEN). */
  open: number;
}

/** The demo leader's department and the demo business: their latest complaints stay open. */
const OPEN_FOR = { departmentId: 'D01', departmentCases: 2, businessId: 'BUS-001' };

const LEVELS = new WeightedTable<SatisfactionLevelName>([['VERY_SATISFIED', 46], ['SATISFIED', 34], ['NORMAL', 13], ['UNSATISFIED', 5], ['VERY_UNSATISFIED', 2]]);
const COMMENTS: Record<string, string[]> = {
  SLOW_PROCESSING: ['Tờ khai phân luồng vàng nhưng 2 ngày mới kiểm tra xong hồ sơ.', 'Thời gian thông quan kéo dài so với cam kết.'],
  UNCLEAR_GUIDANCE: ['Hướng dẫn khai bổ sung không rõ, phải hỏi lại nhiều lần.', 'Công chức hướng dẫn mỗi lần một khác.'],
  EXTRA_DOCUMENTS: ['Yêu cầu nộp thêm chứng từ đã có trên hệ thống.', 'Yêu cầu bản gốc giấy chứng nhận xuất xứ dù đã nộp bản điện tử.'],
  ATTITUDE: ['Thái độ tiếp nhận hồ sơ chưa niềm nở.', 'Trả lời điện thoại thiếu nhiệt tình.'],
  INCONSISTENT_RULES: ['Cùng mặt hàng nhưng hai lần áp mã khác nhau.'],
  SYSTEM_FAILURE: ['Hệ thống VNACCS gián đoạn cả buổi sáng.'],
  INSPECTION_WAIT: ['Chờ kiểm tra thực tế hàng hóa hơn một ngày.'],
  INFORMAL_PAYMENT: ['Có biểu hiện gợi ý chi phí ngoài quy định để được kiểm tra nhanh.'],
};
const VERIFY_NOTES = ['Đã làm việc với công chức và đối chiếu hồ sơ tờ khai.', 'Đã xem lại nhật ký xử lý trên hệ thống và trao đổi với doanh nghiệp.'];
const HANDLING_NOTES = ['Đã nhắc nhở công chức và rà soát lại quy trình tiếp nhận.', 'Đã tổ chức rút kinh nghiệm trong đội, điều chỉnh phân công ca trực.'];
const SUBSTANTIATED = ['Phản ánh đúng; đơn vị đã chấn chỉnh và xin lỗi doanh nghiệp.', 'Phản ánh có cơ sở; công chức đã được nhắc nhở, quy trình được điều chỉnh.'];
const NOT_SUBSTANTIATED = ['Hồ sơ thuộc diện phải kiểm tra theo kết quả phân luồng; thời gian xử lý đúng quy định.', 'Chứng từ bổ sung là bắt buộc theo quy định hiện hành.'];
const CONTEST = ['Doanh nghiệp chưa đồng ý: việc chậm trễ vẫn tiếp diễn ở tờ khai sau.', 'Đề nghị xem xét lại vì giải trình chưa thuyết phục.'];

export async function simulateFeedbackHistory(world: HistoryWorld): Promise<FeedbackHistorySummary> {
  const { prisma, log } = world;
  const started = performance.now();
  const policy = DEFAULT_FEEDBACK_POLICY;
  const casePolicy = policy.case;
  const activities = createFeedbackActivities(prisma);
  const declarations = await prisma.declaration.findMany({
    include: { branchUnit: { select: { path: true } }, handlings: { select: { stageId: true, teamUnitId: true, officerId: true } } },
    orderBy: { id: 'asc' },
  });
  const businessUser = new Map((await prisma.user.findMany({ where: { businessId: { not: null } }, select: { id: true, businessId: true } })).map((u) => [u.businessId!, u.id]));
  const reasonCodes = Object.keys(COMMENTS);
  const unitPaths = new Map((await prisma.unit.findMany({ select: { id: true, path: true } })).map((u) => [u.id, u.path]));

  // The complaints that stay open: the latest declarations of the demo leader's department and of the demo business.
  const latest = (rows: typeof declarations, n: number) => [...rows].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime() || (a.id < b.id ? -1 : 1)).slice(0, n);
  const leftOpen = new Set([
    ...latest(declarations.filter((d) => departmentOfPath(d.branchUnit.path) === OPEN_FOR.departmentId), OPEN_FOR.departmentCases).map((d) => d.id),
    ...latest(declarations.filter((d) => d.businessId === OPEN_FOR.businessId), 1).map((d) => d.id),
  ]);

  let ratings = 0;
  const cases: { caseId: string; ratedAt: Date; departmentId: string; businessActor: string; key: string }[] = [];
  const inScope = (d: (typeof declarations)[number]) => !world.departments || world.departments.includes(departmentOfPath(d.branchUnit.path));
  for (const d of declarations) {
    const r = randomFor(world.seed, `feedback/${d.id}`);
    const forced = leftOpen.has(d.id);
    if (!forced && !inScope(d)) continue;
    if (!forced && !r.chance(d.businessId === OPEN_FOR.businessId ? 0.55 : 0.45)) continue;
    const subjects = declarationSubjects(d);
    const picked = [subjects[0], ...subjects.slice(1).filter((s) => r.chance(s.kind === 'OFFICER' ? 0.35 : s.kind === 'TEAM' ? 0.2 : 0.1))];
    const requests: RatingRequest[] = picked.map((s, i) => {
      const level: SatisfactionLevelName = forced && i === 0 ? (d.businessId === OPEN_FOR.businessId ? 'VERY_UNSATISFIED' : 'UNSATISFIED') : LEVELS.pick(r);
      const unhappy = level === 'UNSATISFIED' || level === 'VERY_UNSATISFIED';
      const codes = unhappy ? r.sample(reasonCodes, r.int(1, 2)) : [];
      return { subject: s.key, level, reasonCodes: codes, comment: unhappy ? r.pick(COMMENTS[codes[0]]) : r.chance(0.1) ? 'Cảm ơn đơn vị đã hỗ trợ kịp thời.' : null };
    });
    const ratedAt = later(d.clearedAt ?? d.registeredAt, (2 + r.float() * 70) * HOUR);
    const saved = await world.timed('feedback.rate', () => submitRatings(prisma, {
      businessId: d.businessId, declarationId: d.id, ratings: requests, actorUserId: businessUser.get(d.businessId) ?? d.businessId, policy, now: ratedAt,
    }));
    if (saved.kind !== 'saved') throw new Error(`demo rating of ${d.number} refused: ${saved.kind}`);
    ratings += saved.ratings.length;
    for (const s of saved.ratings) {
      if (!s.caseOpened || !s.feedback.case) continue;
      if (forced && s === saved.ratings[0]) continue; // left open: started by the demo
      const unitPathOf = unitPaths.get(subjects.find((x) => x.key === s.subject)!.responsibleUnitId)!;
      cases.push({ caseId: s.feedback.case.id, ratedAt, departmentId: departmentOfPath(unitPathOf), businessActor: businessUser.get(d.businessId) ?? d.businessId, key: `${d.id}/${s.subject}` });
    }
  }

  for (const c of cases) await world.timed('feedback.case', () => liveCase(world, activities, casePolicy, c, randomFor(world.seed, `feedback-case/${c.key}`)));
  const open = await prisma.feedbackCase.count({ where: { status: 'OPEN' } });
  log(`demo: feedback ${ratings} ratings, ${cases.length + open} cases (${open} left for the demo to open) (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { ratings, cases: cases.length + open, open };
}

type CaseActivities = ReturnType<typeof createFeedbackActivities>;

async function liveCase(world: HistoryWorld, activities: CaseActivities, policy: typeof DEFAULT_FEEDBACK_POLICY.case, c: { caseId: string; ratedAt: Date; departmentId: string; businessActor: string }, r: Random) {
  const { caseId } = c;
  const actorUserId = leaderOf(world, c.departmentId);
  const at = <T>(when: Date, work: () => Promise<T>) => runAt(when, work, { workflowId: feedbackCaseWorkflowId(caseId) });
  let now = later(c.ratedAt, 10 * 60_000);
  let state = await at(now, () => activities.beginFeedbackCase({ caseId, policy }));
  // A step left past its deadline escalates (to the department) before someone acts in the grace period.
  const step = async (action: 'VERIFY' | 'HANDLE' | 'ANSWER', round: number, hours: [number, number], extra: { outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; note: string }) => {
    const due = new Date(state.stepDueAt!);
    if (state.escalationLevel < policy.maxEscalationLevel && r.chance(0.1)) {
      state = await at(due, () => activities.escalateFeedbackCase({ caseId, step: action, round, level: state.escalationLevel + 1, policy }));
      now = later(due, (2 + r.float() * (policy.escalationGraceHours - 4)) * HOUR);
    } else {
      now = new Date(Math.min(due.getTime() - HOUR, later(now, (hours[0] + r.float() * (hours[1] - hours[0])) * HOUR).getTime()));
    }
    state = await at(now, () => activities.advanceFeedbackCase({ caseId, action, actorUserId, note: extra.note, outcome: extra.outcome, round, policy }));
  };
  for (let round = 0; ; round++) {
    if (round === 0) await step('VERIFY', round, [3, 40], { note: r.pick(VERIFY_NOTES) });
    await step('HANDLE', round, [8, 90], { note: r.pick(HANDLING_NOTES) });
    const substantiated = r.chance(0.55);
    await step('ANSWER', round, [3, 60], { outcome: substantiated ? 'SUBSTANTIATED' : 'NOT_SUBSTANTIATED', note: r.pick(substantiated ? SUBSTANTIATED : NOT_SUBSTANTIATED) });
    const x = r.float();
    const businessActor = c.businessActor;
    const respondAt = later(now, (2 + r.float() * 90) * HOUR);
    if (x < 0.7 || (round > 0 && x < 0.85)) {
      await at(respondAt, () => activities.respondToFeedbackAnswer({ caseId, actorUserId: businessActor, accept: true, comment: null, reopen: false, round, policy }));
      return;
    }
    if (x < 0.85 && round < policy.maxReconsiderations) {
      state = await at(respondAt, () => activities.respondToFeedbackAnswer({ caseId, actorUserId: businessActor, accept: false, comment: r.pick(CONTEST), reopen: true, round, policy }));
      now = respondAt;
      continue;
    }
    await at(new Date(state.stepDueAt!), () => activities.closeFeedbackCaseWithoutResponse({ caseId, round }));
    return;
  }
}
