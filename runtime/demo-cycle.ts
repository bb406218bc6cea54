// The demo's present, set up through the running system itself (its HTTP API, its workflows) once the worker
// and the API are up, so that every demo user finds something to act on:
// - DEMO-2027, the next national cycle, in review: registration has closed, the departments' review workflows
//   have verified every registration; reviewer.d01 has flags to decide, reviewer.d35 a list to submit, and
//   headquarters submitted lists to approve (a few departments are done);
// - DEMO-THI-<date>, a sitting of D01 today: officer.d01 and a few colleagues have a seat in a session open all
//   day (Vietnam time), published as the publish route publishes (forms drawn, the session's workflow started);
//   a later day's start sets up that day's sitting;
// - the past's open follow-up tasks get their workflows (leader.d01 has tasks of D01 waiting), and the cases
//   the history left open are dispatched (leader.d01 has complaints to verify; the demo business has an
//   answered complaint to accept or contest).
// Every step looks first: a second start on the same day changes nothing.
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/db';
import { importRegistrations } from '../services/registrations';
import { startFollowUpWorkflows } from '../services/follow-ups';
import { DEFAULT_FOLLOW_UP_POLICY } from '../domain/follow-up-task';
import { DEMO_CREDENTIALS } from '../prisma/demo/users';
import { randomFor } from '../prisma/demo/random';

const DAY = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface DemoNowOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000/api. */
  api: string;
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  seed?: string;
  log?: (line: string) => void;
  /** The clock (tests may fix it). */
  now?: Date;
  /** Scope DEMO-2027 to these departments (a small demo, for tests). Default: every unit. */
  departments?: string[];
}

export interface DemoNow {
  reviewCycle: { id: string; code: string; workflowId: string | null };
  examCycle: { id: string; code: string; sessionId: string };
  startedFollowUps: number;
  dispatchedCases: number;
}

/** Midnight in Vietnam of the day `at` falls on, and that day as YYYYMMDD. */
export function vietnamDay(at: Date): { start: Date; code: string } {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - VIETNAM_OFFSET_MS);
  return { start, code: local.toISOString().slice(0, 10).replaceAll('-', '') };
}

class Api {
  private tokens = new Map<string, string>();
  constructor(private readonly base: string) {}

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const credential = DEMO_CREDENTIALS.find((c) => c.username === username)!;
    const { token } = await this.call<{ token: string }>(null, 'POST', '/auth/token', { username, password: credential.password });
    this.tokens.set(username, token);
    return token;
  }

  async call<T>(as: string | null, method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (as) headers.Authorization = `Bearer ${await this.token(as)}`;
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`demo: ${method} ${path} as ${as ?? 'anyone'} answered ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(1000, delay * 1.5)) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > until) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function ensureDemoNow(options: DemoNowOptions): Promise<DemoNow> {
  const { prisma } = options;
  const log = options.log ?? (() => {});
  const api = new Api(options.api);
  const now = options.now ?? new Date();
  const seed = options.seed ?? 'customs-2026';
  const started = performance.now();
  const step = (what: string) => log(`demo: ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // The demo business's complaint the history left open: once dispatched, headquarters answers it.
  const business = await prisma.user.findUniqueOrThrow({ where: { username: 'business.demo' }, select: { businessId: true } });
  const businessCase = await prisma.feedbackCase.findFirst({ where: { status: 'OPEN', feedback: { businessId: business.businessId! } }, orderBy: { createdAt: 'desc' } });
  const dispatchedCases = await dispatchOpenCases(options, api);
  // The two cycles are independent: set up side by side (each mostly waits for its workflows).
  const [reviewCycle, examCycle] = await Promise.all([
    ensureReviewCycle(options, api, now, seed).then((c) => (step(`cycle ${c.code} in review`), c)),
    ensureExamToday(options, api, now).then((c) => (step(`cycle ${c.code}: session open today for officer.d01 and colleagues`), c)),
  ]);
  if (businessCase) await answerCase(options, api, businessCase.id);

  // Last: the past's open follow-up tasks get their workflows (each begins at once, so after the rest).
  const pending = await prisma.followUpTask.findMany({ where: { status: 'OPEN', workflowId: null }, select: { id: true }, orderBy: { id: 'asc' } });
  const { started: startedFollowUps } = await startFollowUpWorkflows(options.temporal, options.taskQueue, pending.map((t) => t.id), DEFAULT_FOLLOW_UP_POLICY);
  if (startedFollowUps) step(`${startedFollowUps} open follow-up tasks' workflows started`);
  return { reviewCycle, examCycle, startedFollowUps, dispatchedCases };
}

/** The history's open complaints: their workflows start through headquarters' dispatch route. */
async function dispatchOpenCases(options: DemoNowOptions, api: Api): Promise<number> {
  const waiting = await options.prisma.feedbackCase.count({ where: { status: 'OPEN' } });
  if (waiting === 0) return 0;
  const outcome = await api.call<{ started: number }>('coordinator', 'POST', '/feedback/cases/dispatch');
  return outcome.started;
}

/** A complaint verified, handled and answered by headquarters: the business may then accept or contest it. */
async function answerCase(options: DemoNowOptions, api: Api, caseId: string): Promise<void> {
  await waitFor('the demo business case to begin', async () => (await options.prisma.feedbackCase.findUnique({ where: { id: caseId } }))?.status === 'VERIFYING');
  await api.call('coordinator', 'POST', `/feedback/cases/${caseId}/verify`, { note: 'Đã đối chiếu hồ sơ tờ khai và nhật ký xử lý trên hệ thống; phản ánh có cơ sở.' });
  await api.call('coordinator', 'POST', `/feedback/cases/${caseId}/handling`, { note: 'Đã yêu cầu Chi cục rút kinh nghiệm, bố trí thêm công chức tiếp nhận hồ sơ giờ cao điểm.' });
  await api.call('coordinator', 'POST', `/feedback/cases/${caseId}/outcome`, {
    outcome: 'SUBSTANTIATED',
    reason: 'Phản ánh đúng: thời gian xử lý vượt quy định. Chi cục đã chấn chỉnh và cam kết xử lý trong ngày với hồ sơ đầy đủ.',
  });
}

// ───────────────────────────── DEMO-2027: the next national cycle, in review ─────────────────────────────

const REVIEW_CODE = 'DEMO-2027';
/** Flags left for reviewer.d01 to decide. */
const D01_DODGES = 6;

/** Departments whose lists headquarters approved (three), and those submitted and waiting for approval (two). */
async function doneDepartments(options: DemoNowOptions): Promise<{ approved: string[]; submitted: string[] }> {
  const all = options.departments ?? (await options.prisma.unit.findMany({ where: { kind: 'DEPARTMENT' }, select: { id: true }, orderBy: { id: 'asc' } })).map((u) => u.id);
  const others = all.filter((d) => d !== 'D01' && d !== 'D35').sort();
  return { approved: others.slice(0, 3), submitted: others.slice(3, 5) };
}

async function ensureReviewCycle(options: DemoNowOptions, api: Api, now: Date, seed: string) {
  const { prisma } = options;
  const existing = await prisma.assessmentCycle.findUnique({ where: { code: REVIEW_CODE } });
  if (existing?.workflowId) return { id: existing.id, code: existing.code, workflowId: existing.workflowId };
  const at = (days: number, hours = 0) => new Date(now.getTime() + days * DAY + hours * 3_600_000).toISOString();
  const cycle = existing ?? (await api.call<{ id: string }>('coordinator', 'POST', '/cycles', {
    code: REVIEW_CODE,
    nameVi: 'Kỳ đánh giá năng lực công chức hải quan năm 2027',
    nameEn: 'Customs officer competency assessment 2027',
    scopeUnitIds: options.departments ?? [],
    includeTeamLeaders: true,
    timeline: { registrationOpensAt: at(-21), registrationClosesAt: at(0, -1), listsDueAt: at(14), examStartsAt: at(50), examEndsAt: at(54), closesAt: at(180) },
  }));
  const row = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } });
  const { approved: APPROVED, submitted: SUBMITTED } = await doneDepartments(options);
  const inScope = (path: string) => !options.departments || options.departments.includes(path.split('/')[2]);

  // The departments' files, received while registration was open: about half of each department, a few dodging.
  if ((await prisma.registration.count({ where: { cycleId: row.id } })) === 0) {
    const random = randomFor(seed, `now/${REVIEW_CODE}`);
    const officers = await prisma.officer.findMany({ where: { active: true }, include: { unit: true, position: true }, orderBy: { id: 'asc' } });
    const positions = await prisma.jobPosition.findMany({ where: { active: true, isLeadership: false } });
    const dodges = new Map<string, number>([['D01', D01_DODGES], ...[...APPROVED, ...SUBMITTED].map((d) => [d, 1] as [string, number])]);
    const officerUser = new Set((await prisma.user.findMany({ where: { officerId: { not: null } }, select: { officerId: true } })).map((u) => u.officerId));
    const rows = officers
      .filter((o) => inScope(o.unit.path) && (officerUser.has(o.id) || random.chance(0.45)))
      .map((o, i) => {
        const department = o.unit.path.split('/')[2];
        let position = o.position.code;
        const left = dodges.get(department) ?? 0;
        if (left > 0 && !o.position.isLeadership && !officerUser.has(o.id)) {
          dodges.set(department, left - 1);
          position = random.pick(positions.filter((p) => p.fieldId === o.position.fieldId && p.id !== o.positionId)).code;
        }
        return { row: i + 2, employeeCode: o.employeeCode, positionCode: position, fullName: o.fullName };
      });
    const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
    const imported = await importRegistrations(prisma, row, rows, {}, { userId: coordinator.id, role: 'COORDINATOR', scopePath: '/', officerId: null });
    if (imported.errors.length) throw new Error(`demo: ${REVIEW_CODE} registrations refused: ${imported.errors[0].message.en}`);
  }

  const launched = await api.call<{ workflowId: string }>('coordinator', 'POST', `/cycles/${row.id}/launch`);
  // Registration has closed: the departments' review workflows verify, then open their lists.
  const departments = options.departments?.length ?? (await prisma.unit.count({ where: { depth: 1 } }));
  const t0 = performance.now();
  await waitFor(`${REVIEW_CODE}'s lists`, async () => (await prisma.unitList.count({ where: { cycleId: row.id } })) === departments);
  options.log?.(`demo: ${REVIEW_CODE} launched; ${departments} review workflows verified ${await prisma.registration.count({ where: { cycleId: row.id } })} registrations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Some departments are done: flags decided, list submitted; headquarters approved a few.
  for (const departmentId of [...APPROVED, ...SUBMITTED]) {
    const flags = await prisma.registration.findMany({ where: { cycleId: row.id, unit: { path: { startsWith: `/HQ/${departmentId}/` } }, verificationOutcome: { in: ['FLAGGED', 'BLOCKED'] }, reviewDecision: 'PENDING' } });
    for (const r of flags) {
      await api.call('coordinator', 'POST', `/cycles/${row.id}/registrations/${r.id}/decision`, { decision: 'CORRECT', justification: 'Điều chỉnh về vị trí đang đảm nhiệm theo quyết định phân công hiện hành.' });
    }
    let list = await prisma.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId: row.id, unitId: departmentId } } });
    if (list.status === 'DRAFT') await api.call('coordinator', 'POST', `/cycles/${row.id}/lists/${departmentId}/submit`, { expectedRevision: list.revision });
    list = await prisma.unitList.findUniqueOrThrow({ where: { id: list.id } });
    if (APPROVED.includes(departmentId) && list.status === 'SUBMITTED') {
      await api.call('coordinator', 'POST', `/cycles/${row.id}/lists/${departmentId}/approve`, { expectedRevision: list.revision });
    }
  }
  return { id: row.id, code: REVIEW_CODE, workflowId: launched.workflowId };
}

// ───────────────────────────── DEMO-THI-<date>: D01 sits today ─────────────────────────────

/** Colleagues of officer.d01 who sit with them. */
const COLLEAGUES = 7;

async function ensureExamToday(options: DemoNowOptions, api: Api, now: Date) {
  const { prisma } = options;
  const day = vietnamDay(now);
  const code = `DEMO-THI-${day.code}`;
  const officerUser = await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' }, include: { officer: { include: { unit: true } } } });
  const departmentId = officerUser.officer!.unit.path.split('/')[2];
  const existing = await prisma.assessmentCycle.findUnique({ where: { code }, include: { examSessions: true } });
  const ready = existing?.examSessions.find((s) => s.status !== 'PLANNED');
  if (existing && ready) return { id: existing.id, code, sessionId: ready.id };

  const dayAt = (days: number) => new Date(day.start.getTime() + days * DAY).toISOString();
  const cycle = existing ?? (await api.call<{ id: string }>('coordinator', 'POST', '/cycles', {
    code,
    nameVi: `Đợt kiểm tra bổ sung của Cục Hải quan TP Hồ Chí Minh, ngày ${day.code.slice(6)}/${day.code.slice(4, 6)}/${day.code.slice(0, 4)} (dữ liệu mẫu)`,
    nameEn: `Ho Chi Minh City Customs supplementary sitting, ${day.code.slice(0, 4)}-${day.code.slice(4, 6)}-${day.code.slice(6)} (demo)`,
    scopeUnitIds: [departmentId],
    includeTeamLeaders: true,
    missingListPolicy: 'WAIT',
    timeline: { registrationOpensAt: dayAt(-60), registrationClosesAt: dayAt(-45), listsDueAt: dayAt(-31), examStartsAt: dayAt(0), examEndsAt: dayAt(1), closesAt: dayAt(60) },
  }));
  const row = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } });
  if (row.status === 'DRAFT') {
    if ((await prisma.registration.count({ where: { cycleId: row.id } })) === 0) {
      const team = await prisma.officer.findMany({
        where: { active: true, unit: { path: { startsWith: `/HQ/${departmentId}/` } } },
        include: { position: true },
        orderBy: { id: 'asc' },
        take: COLLEAGUES + 1,
      });
      const sitting = [officerUser.officer!, ...team.filter((o) => o.id !== officerUser.officerId)].slice(0, COLLEAGUES + 1);
      const positions = new Map((await prisma.jobPosition.findMany()).map((p) => [p.id, p.code]));
      const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
      const rows = sitting.map((o, i) => ({ row: i + 2, employeeCode: o.employeeCode, positionCode: positions.get(o.positionId)!, fullName: o.fullName }));
      const imported = await importRegistrations(prisma, row, rows, {}, { userId: coordinator.id, role: 'COORDINATOR', scopePath: '/', officerId: null });
      if (imported.errors.length) throw new Error(`demo: ${code} registrations refused: ${imported.errors[0].message.en}`);
    }
    await api.call('coordinator', 'POST', `/cycles/${row.id}/launch`);
  }
  // Verified by the department's review workflow; its list was due a month ago, so it is late: submitted and
  // approved now, and the cycle walks on to its exam window.
  const list = await waitFor(`${code}'s list`, () => prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId: row.id, unitId: departmentId } } }));
  if (list.status === 'DRAFT' || list.status === 'RETURNED') await api.call('reviewer.d01', 'POST', `/cycles/${row.id}/lists/${departmentId}/submit`, { expectedRevision: list.revision });
  const submitted = await prisma.unitList.findUniqueOrThrow({ where: { id: list.id } });
  if (submitted.status === 'SUBMITTED') await api.call('coordinator', 'POST', `/cycles/${row.id}/lists/${departmentId}/approve`, { expectedRevision: submitted.revision });
  await waitFor(`${code}'s exam window`, async () => (await prisma.assessmentCycle.findUnique({ where: { id: row.id } }))?.phase === 'EXAM_WINDOW');

  // A session open the whole day: from midnight, admitting candidates until one minute before the next.
  const session = (await prisma.examSession.findFirst({ where: { cycleId: row.id } })) ??
    (await api.call<{ id: string }>('reviewer.d01', 'POST', `/cycles/${row.id}/sessions`, {
      unitId: departmentId, code: `CA-${departmentId}-${day.code}`, startsAt: day.start.toISOString(), capacity: 40,
      room: 'Phòng thi trực tuyến, trụ sở Cục', lateStartMinutes: 24 * 60 - 1,
    }));
  await api.call('reviewer.d01', 'POST', `/cycles/${row.id}/schedule/${departmentId}`);
  await api.call('reviewer.d01', 'POST', `/cycles/${row.id}/sessions/${session.id}/publish`);
  return { id: row.id, code, sessionId: session.id };
}
