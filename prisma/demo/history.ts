// The demo's past: two completed assessment cycles (2023: non-leaders of the 8 fields; 2025: team leaders
// too), each walked through the project's code (history-cycle.ts), and a year of business feedback with its
// cases (history-feedback.ts). The small mountain department D35 (Hà Giang) reproduces the published figures
// in 2025: 103 officers, 48 tested, all achieving, half of them scoring 90 or more, 77% at level 3.
// Deterministic for a seed. Written once: a database that holds the history is left alone.
import type { PrismaClient } from '../db';
import { seedDemoData } from './write';
import { simulatePastCycle, type PastCycleSpec, type PastCycleSummary } from './history-cycle';
import { simulateFeedbackHistory, type FeedbackHistorySummary } from './history-feedback';
import { loadHistoryWorld, vn } from './history-world';

/** The published figures of the small mountain department, reproduced by the 2025 cycle. */
export const MOUNTAIN_DEPARTMENT = {
  id: 'D35',
  officers: 103,
  tested: 48,
  /** 24 of 48 score 90 or more; 37 of 48 reach level 3 (77%); 8 at level 2 and 3 at level 1: all achieve. */
  classes: { excellent: 24, level3: 13, level2: 8, level1: 3 },
  cycleCode: 'DGNL-2025',
} as const;

/** The officer counts the history needs fixed, whatever the demo's size (BuildOptions.departmentOfficers). */
export const HISTORY_DEPARTMENT_OFFICERS = { [MOUNTAIN_DEPARTMENT.id]: MOUNTAIN_DEPARTMENT.officers } as const;

export const PAST_CYCLES: PastCycleSpec[] = [
  {
    code: 'DGNL-2023',
    year: 2023,
    nameVi: 'Kỳ đánh giá năng lực công chức hải quan năm 2023 (công chức không giữ chức vụ lãnh đạo, 8 lĩnh vực)',
    nameEn: 'Customs officer competency assessment 2023 (non-leadership officers, 8 fields)',
    includeTeamLeaders: false,
    createdAt: vn(2023, 2, 13, 9, 30),
    launchedAt: vn(2023, 2, 20, 10),
    timeline: {
      registrationOpensAt: vn(2023, 3, 1, 8),
      registrationClosesAt: vn(2023, 3, 22, 17),
      listsDueAt: vn(2023, 4, 14, 17),
      examStartsAt: vn(2023, 5, 22, 7),
      examEndsAt: vn(2023, 5, 27, 0),
      closesAt: vn(2023, 12, 29, 17),
    },
    participation: 0.42,
    reexamAt: vn(2023, 8, 21, 8),
    followUps: { openShare: 0 },
    returnedList: { unitId: 'D07', comment: 'Danh sách còn 3 trường hợp đăng ký khác vị trí chưa có văn bản phân công kèm theo; đề nghị bổ sung.' },
  },
  {
    code: MOUNTAIN_DEPARTMENT.cycleCode,
    year: 2025,
    nameVi: 'Kỳ đánh giá năng lực công chức hải quan năm 2025 (bổ sung đội trưởng và tương đương)',
    nameEn: 'Customs officer competency assessment 2025 (team leaders included)',
    includeTeamLeaders: true,
    createdAt: vn(2025, 2, 12, 9),
    launchedAt: vn(2025, 2, 24, 10),
    timeline: {
      registrationOpensAt: vn(2025, 3, 3, 8),
      registrationClosesAt: vn(2025, 3, 24, 17),
      listsDueAt: vn(2025, 4, 15, 17),
      examStartsAt: vn(2025, 5, 19, 7),
      examEndsAt: vn(2025, 5, 24, 0),
      closesAt: vn(2025, 12, 26, 17),
    },
    participation: 0.42,
    reexamAt: vn(2025, 8, 18, 8),
    calibrated: {
      departmentId: MOUNTAIN_DEPARTMENT.id,
      registered: MOUNTAIN_DEPARTMENT.tested + 1,
      classes: MOUNTAIN_DEPARTMENT.classes,
    },
    followUps: { openShare: 0.05, openAtLeast: { departmentId: 'D01', count: 6 } },
    returnedList: { unitId: 'D12', comment: 'Đề nghị rà soát lại 2 trường hợp đội trưởng đăng ký vị trí công chức.' },
  },
];

export interface HistoryOptions {
  seed?: string;
  log?: (line: string) => void;
  /** Scope the past cycles (and the feedback) to these departments: a small history for tests. Default: all. */
  departments?: string[];
}

export interface HistorySummary {
  /** False when the database already held the history: nothing was written. */
  written: boolean;
  cycles: PastCycleSummary[];
  feedback: FeedbackHistorySummary | null;
  /** Follow-up tasks still open, whose workflows start with the demo. */
  openTasks: string[];
  ms: number;
}

export async function seedDemoHistory(prisma: PrismaClient, options: HistoryOptions = {}): Promise<HistorySummary> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const existing = await prisma.assessmentCycle.findMany({ where: { code: { in: PAST_CYCLES.map((c) => c.code) } }, select: { code: true, status: true } });
  if (existing.length === PAST_CYCLES.length && existing.every((c) => c.status === 'CLOSED')) {
    return { written: false, cycles: [], feedback: null, openTasks: [], ms: 0 };
  }
  if (existing.length > 0) {
    throw new Error(`The demo history is incomplete (${existing.map((c) => `${c.code} ${c.status}`).join(', ')}): an earlier load stopped half way. Start afresh: stop, delete .data/ (or empty the database), start again.`);
  }
  const world = await loadHistoryWorld(prisma, options.seed ?? 'customs-2026', log, options.departments ?? null);
  const cycles: PastCycleSummary[] = [];
  for (const spec of PAST_CYCLES) cycles.push(await simulatePastCycle(world, spec));
  const feedback = await simulateFeedbackHistory(world);
  // The outbox rows of the simulated past went out long ago: no mail sender should send them now.
  await prisma.$executeRaw`UPDATE "Notification" SET "sentAt" = "createdAt" WHERE "sentAt" IS NULL`;
  const open = await prisma.followUpTask.findMany({ where: { status: 'OPEN', workflowId: null }, select: { id: true }, orderBy: { id: 'asc' } });
  log(`demo: history time by step: ${[...world.timings].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  return { written: true, cycles, feedback, openTasks: open.map((t) => t.id), ms: Math.round(performance.now() - started) };
}

export interface DemoLoadOptions extends HistoryOptions {
  officers: number;
}

/**
 * What `npm start` loads before the worker and the API start: the demo data (once), then its history (once).
 * A database seeded before the demo had a history (its mountain department is not at its published size) keeps
 * what it has. Returns the history's summary (written: false when there was nothing to do).
 */
export async function seedDemoWithHistory(prisma: PrismaClient, options: DemoLoadOptions): Promise<HistorySummary | null> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 'customs-2026';
  if (!(await prisma.unit.findUnique({ where: { id: 'HQ' }, select: { id: true } }))) {
    log(`demo: loading ${options.officers} officers (${MOUNTAIN_DEPARTMENT.officers} of them in the mountain department ${MOUNTAIN_DEPARTMENT.id}), the question bank and the declarations`);
    const seeded = await seedDemoData(prisma, { officers: options.officers, seed, departmentOfficers: HISTORY_DEPARTMENT_OFFICERS });
    log(`demo: data loaded in ${(seeded.timingsMs.total / 1000).toFixed(1)} s`);
  }
  const mountain = await prisma.officer.count({ where: { unit: { path: { startsWith: `/HQ/${MOUNTAIN_DEPARTMENT.id}/` } } } });
  if (mountain !== MOUNTAIN_DEPARTMENT.officers) {
    log('demo: this database was loaded before the demo had a history: no past cycles are added (delete .data/ and start again for them)');
    return null;
  }
  const history = await seedDemoHistory(prisma, { ...options, seed, log });
  if (history.written) log(`demo: history loaded in ${(history.ms / 1000).toFixed(1)} s`);
  return history;
}
