// Headquarters opens a new cycle: the timeline's rules are checked as the dates are typed (a timeline with the
// lists due too close to the exam is refused before anything is saved), the draft is saved, then launched, and
// the cycle's page shows it on its timeline with the departments' table; the cycles' table sorts on the server,
// its order in the URL. A launch the question bank cannot serve shows its shortfalls as a table.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { apiAs } from './console-world';

test.use({ baseURL: process.env.E2E_BASE_URL });
// Many date fields and two accessibility passes: slow on a loaded machine.
test.setTimeout(180_000);

const DAY = 86_400_000;
/** "08:00 05/01/2027" in Vietnam's time, as the date picker reads it. */
function vietnamTime(days: number) {
  const d = new Date(Date.now() + days * DAY + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `08:00 ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

async function pick(page: Page, label: string, days: number) {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(vietnamTime(days));
  await input.press('Enter');
}

test('a coordinator creates a cycle, is stopped by a timeline with lists due too late, fixes it and launches', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await expect(page.getByRole('heading', { level: 1, name: 'Kỳ đánh giá' })).toBeVisible();
  await page.getByRole('button', { name: 'Tạo kỳ đánh giá' }).click();
  await expect(page).toHaveURL(/\/cycles\/new$/);

  const code = `E2E-NEW-${randomUUID().slice(0, 6).toUpperCase()}`;
  await page.getByRole('textbox', { name: 'Mã kỳ' }).fill(code.toLowerCase()); // (the cycles table's sortable "Mã kỳ" header is labelled too)
  await page.getByLabel('Tên tiếng Việt').fill(`Kỳ đánh giá năng lực năm 2027 (${code})`);
  await page.getByLabel('Tên tiếng Anh').fill(`Competency assessment 2027 (${code})`);
  await pick(page, 'Mở đăng ký', 2);
  await pick(page, 'Hết hạn đăng ký', 20);
  await pick(page, 'Hạn duyệt danh sách', 45);
  await pick(page, 'Bắt đầu thi', 60);
  await pick(page, 'Kết thúc thi', 61);
  await pick(page, 'Kết thúc kỳ', 180);
  await expect(page.getByText('Phải trước ngày thi ít nhất 30 ngày (hiện 15 ngày)')).toBeVisible();
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page).toHaveURL(/\/cycles\/new$/);
  await expectAccessible(page);
  await screenshots(page, 'coordinator-new-cycle-refused', { axe: true });
  expect(await db().assessmentCycle.count({ where: { code } })).toBe(0);

  await pick(page, 'Bắt đầu thi', 80);
  await pick(page, 'Kết thúc thi', 81);
  await expect(page.getByText('Phải trước ngày thi ít nhất 30 ngày')).toHaveCount(0);
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page.getByText(`Đã lưu kỳ ${code} (bản nháp).`)).toBeVisible();
  await expect(page.getByRole('heading', { name: `Bản nháp đã lưu: ${code}` })).toBeVisible();
  const draft = await db().assessmentCycle.findFirstOrThrow({ where: { code } });
  expect(draft.listsDueAt.toISOString()).toMatch(/T01:00:00/); // 08:00 in Vietnam

  await page.getByRole('button', { name: 'Khởi động kỳ' }).click();
  await expect(page.getByText(`Đã khởi động kỳ ${code}.`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Các đơn vị' })).toBeVisible();
  await expect(page.getByText('Hạn tiếp theo', { exact: false }).or(page.getByText('Mở đăng ký:'))).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-cycle-launched', { axe: true });
  expect((await db().assessmentCycle.findFirstOrThrow({ where: { code } })).status).toBe('RUNNING');

  await page.getByRole('link', { name: 'Kỳ đánh giá' }).first().click();
  await expect(page.getByRole('link', { name: `Kỳ đánh giá năng lực năm 2027 (${code})` }).first()).toBeVisible();
  await screenshots(page, 'coordinator-cycles', { axe: true });

  // Sorted by code on the server, descending on a second click; the order is in the URL, so a reload keeps it.
  // (Two more drafts, so that there is an order to see even when this test runs alone.)
  for (const letter of ['A', 'B']) {
    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    await apiAs(DEMO.coordinator, 'POST', '/cycles', {
      code: `${code}-${letter}`, nameVi: `Kỳ để sắp xếp ${code}-${letter}`, nameEn: `Sorting cycle ${code}-${letter}`,
      timeline: { registrationOpensAt: at(2), registrationClosesAt: at(20), listsDueAt: at(45), examStartsAt: at(80), examEndsAt: at(81), closesAt: at(180) },
    });
  }
  const all = page.getByRole('table').last();
  await all.getByRole('columnheader', { name: /Mã kỳ/ }).click();
  await expect(page).toHaveURL(/sort=code/);
  await all.getByRole('columnheader', { name: /Mã kỳ/ }).click();
  await expect(page).toHaveURL(/sort=-code/);
  const [highest] = await db().assessmentCycle.findMany({ orderBy: { code: 'desc' }, take: 1, select: { code: true } });
  await page.reload();
  await expect(page).toHaveURL(/sort=-code/);
  await expect(all.getByRole('row').nth(3)).toBeVisible();
  // (Other tests of the run add cycles meanwhile: the first row is the highest code there was, or a newer one.)
  const shown = await all.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => (r as unknown as { cells: { textContent: string | null }[] }).cells[0]?.textContent ?? ''));
  expect(shown.length).toBeGreaterThanOrEqual(3);
  expect(shown).toEqual([...shown].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  expect(shown[0] >= highest.code).toBe(true);
});

test('a launch the bank cannot serve is refused with its shortfalls as a table linking to the bank', async ({ page }) => {
  // A field of this test's own with one team-leader position whose blueprint asks for items the bank lacks; the
  // draft covers that field and team leaders only, so no other cycle of the run sees the position.
  const run = randomUUID().slice(0, 6).toUpperCase();
  const prisma = db();
  const field = await prisma.professionalField.create({ data: { id: `F-E2E-${run}`, code: `E2E-${run}`, nameVi: `Lĩnh vực thử ${run}`, nameEn: `Test field ${run}` } });
  const competency = await prisma.competency.create({ data: { id: `C-E2E-${run}`, code: `C-E2E-${run}`, nameVi: `Kỹ năng kiểm tra sau thông quan ${run}`, nameEn: `Post-clearance audit skills ${run}`, fieldId: field.id } });
  const position = await prisma.jobPosition.create({ data: { id: `P-E2E-${run}`, code: `P-E2E-${run}`, nameVi: `Đội trưởng kiểm tra ${run}`, nameEn: `Audit team leader ${run}`, fieldId: field.id, isLeadership: true } });
  await prisma.positionCompetency.create({ data: { positionId: position.id, competencyId: competency.id, requiredLevel: 2 } });
  await prisma.testBlueprint.create({ data: { positionId: position.id, version: 1, sections: { create: [{ competencyId: competency.id, difficulty: 'HARD', itemCount: 4 }] } } });
  try {
    const DAY_MS = 86_400_000;
    const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
    const draft = await apiAs(DEMO.coordinator, 'POST', '/cycles', {
      code: `E2E-SHORT-${run}`, nameVi: `Kỳ thiếu câu hỏi ${run}`, nameEn: `Short bank cycle ${run}`,
      scopeFieldIds: [field.id], includeNonLeadership: false, includeTeamLeaders: true,
      timeline: { registrationOpensAt: at(2), registrationClosesAt: at(20), listsDueAt: at(45), examStartsAt: at(80), examEndsAt: at(81), closesAt: at(180) },
    });
    await signIn(page, DEMO.coordinator);
    await page.goto(`/cycles/${draft.id as string}`);
    await page.getByRole('button', { name: 'Khởi động kỳ' }).click();
    await expect(page.getByRole('alert')).toContainText('ngân hàng câu hỏi chưa đủ');
    const table = page.getByRole('table');
    const row = table.getByRole('row', { name: new RegExp(position.nameVi) });
    await expect(row.getByRole('link', { name: position.nameVi })).toHaveAttribute('href', `/bank/blueprints?position=${position.id}`);
    await expect(row.getByRole('link', { name: competency.nameVi })).toHaveAttribute('href', `/bank?competencyId=${competency.id}&difficulty=HARD`);
    await expect(row.getByRole('cell', { name: 'Khó' })).toBeVisible();
    await expect(row.getByRole('cell', { name: '4', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: '0', exact: true })).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, 'coordinator-launch-shortfalls', { axe: true });
    expect((await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: draft.id as string } })).status).toBe('DRAFT');
  } finally {
    await prisma.jobPosition.update({ where: { id: position.id }, data: { active: false } });
  }
});
