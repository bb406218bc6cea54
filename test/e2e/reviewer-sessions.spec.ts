// A department's reviewer runs its exam sessions: plans a session at the test centre (a code already taken is
// refused in the API's words), seats the approved candidates and sees the one left without a seat and why,
// plans a second session and seats them, moves a candidate to it, publishes the first (confirmed, its tests
// drawn) and downloads its printable attendance sheet (a PDF).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { db, expectAccessible, screenshots, signIn } from './support';
import { SESSIONS_DEPARTMENT, sessionsWorld } from './sessions-world';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.setTimeout(120_000);

/** "08:00 05/01/2027": tomorrow at that time in Vietnam, as the date picker reads it. */
function tomorrowAt(time: string) {
  const d = new Date(Date.now() + 86_400_000 + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

type Animated = { getAnimations(): { playState: string; effect: { getComputedTiming(): { endTime?: number | string } } | null }[] };

/**
 * Waits, from outside the page, until what moves has settled, then runs the accessibility check. (The check's
 * own wait polls inside the page with eval, which the app's Content Security Policy refuses once a toast is
 * still fading, so it is given a page that has already settled.)
 */
async function accessible(page: Page) {
  const settled = () =>
    page.evaluate(() =>
      (globalThis as unknown as { document: Animated }).document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    );
  await expect.poll(settled, { intervals: [100] }).toBe(true);
  await expectAccessible(page);
}

async function planSession(page: Page, code: string, time: string, capacity: number, room?: string) {
  await page.getByLabel('Mã ca thi').fill(code);
  const start = page.getByRole('textbox', { name: 'Giờ bắt đầu (giờ Việt Nam)' });
  await start.click();
  await start.fill(tomorrowAt(time));
  await page.getByRole('button', { name: 'OK', exact: true }).click(); // Enter would submit the form at once
  await page.getByLabel('Số chỗ').fill(String(capacity));
  if (room) await page.getByLabel('Phòng thi').fill(room);
  await page.getByRole('button', { name: 'Lập ca thi' }).click();
}

test('a reviewer plans sessions, seats the approved candidates, moves one, publishes and prints the attendance sheet', async ({ page }) => {
  const world = await sessionsWorld();
  const prisma = db();
  await signIn(page, world.reviewer);
  await page.goto(`/cycles/${world.cycle.id}/units/${SESSIONS_DEPARTMENT}?tab=sessions`);
  await expect(page.getByRole('tab', { name: 'Ca thi', selected: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(world.department.nameVi);
  // Approved, nothing planned: every candidate is listed, with why.
  await expect(page.getByText('Thí sinh chưa có chỗ (3)')).toBeVisible();
  await expect(page.getByText('Chưa có ca thi nào để xếp: hãy lập ca thi')).toHaveCount(3);
  await expect(page.getByText('Đơn vị chưa có ca thi nào trong kỳ này.')).toBeVisible();
  await accessible(page);
  await screenshots(page, 'reviewer-sessions-empty');

  // A session for two (the code typed in lower case is written as codes are).
  await planSession(page, 'ca-01', '08:00', 2, 'Phòng máy số 3');
  await expect(page.getByText('Đã lập ca thi CA-01.')).toBeVisible();
  const first = page.getByRole('row', { name: /CA-01/ });
  await expect(first).toContainText('0/2');
  await expect(first).toContainText('Chưa công bố');
  await expect(first).toContainText('08:00');

  // Two seats for three: the one left over stays listed, with why.
  await page.getByRole('button', { name: 'Xếp chỗ' }).click();
  await expect(page.getByText('Đã xếp chỗ cho 2 thí sinh; còn 1 thí sinh chưa có chỗ.')).toBeVisible();
  await expect(page.getByText('Thí sinh chưa có chỗ (1)')).toBeVisible();
  await expect(page.getByText('Các ca thi đã hết chỗ: hãy lập thêm ca thi')).toBeVisible();
  await expect(first).toContainText('2/2');
  await accessible(page);
  await screenshots(page, 'reviewer-sessions-unseated');

  // A second session; its code first typed as the first's is refused in the API's words, nothing written.
  await planSession(page, 'CA-01', '13:30', 5, 'Phòng máy số 4');
  await expect(page.getByRole('alert').filter({ hasText: 'Kỳ đánh giá đã có ca thi mã "CA-01"; hãy chọn mã khác.' })).toBeVisible();
  expect(await prisma.examSession.count({ where: { cycleId: world.cycle.id } })).toBe(1);
  await page.getByLabel('Mã ca thi').fill('CA-02');
  await page.getByRole('button', { name: 'Lập ca thi' }).click();
  await expect(page.getByText('Đã lập ca thi CA-02.')).toBeVisible();
  await expect(page.getByText('Còn chỗ trống nhưng chưa xếp: bấm "Xếp chỗ"')).toBeVisible();
  await page.getByRole('button', { name: 'Xếp chỗ' }).click();
  await expect(page.getByText('Đã xếp chỗ cho 1 thí sinh.')).toBeVisible();
  await expect(page.getByText('Mọi thí sinh trong danh sách đã có chỗ.')).toBeVisible();
  const second = page.getByRole('row', { name: /CA-02/ });
  await expect(second).toContainText('1/5');

  // CA-01's seats; one candidate moves to CA-02.
  await page.getByRole('button', { name: 'Xem chỗ ngồi ca CA-01' }).click();
  await expect(page).toHaveURL(/session=/);
  const seats = page.getByRole('region', { name: 'Chỗ ngồi ca CA-01', exact: true });
  const seated = await prisma.examSeat.findMany({ where: { session: { cycleId: world.cycle.id, code: 'CA-01' } }, include: { registration: { include: { officer: true } } }, orderBy: { seatNumber: 'asc' } });
  const [mover, stayer] = seated.map((s) => s.registration.officer);
  await expect(seats.getByRole('row', { name: new RegExp(mover.fullName) })).toContainText('Chưa tạo đề');
  await expect(seats.getByRole('row', { name: new RegExp(stayer.employeeCode) })).toBeVisible();
  await seats.getByRole('button', { name: `Chuyển ca: ${mover.fullName}` }).click();
  await expect(page).toHaveURL(/move=/);
  const dialog = page.getByRole('dialog', { name: `Chuyển ${mover.fullName} sang ca khác` });
  await expect(dialog.getByText('Đang ở ca CA-01, ghế 1.')).toBeVisible();
  await dialog.getByLabel('Ca thi mới').click();
  await expect(page.getByTitle(/^CA-02 · .* · còn 4 chỗ$/)).toBeVisible();
  // The only other session, chosen by the keyboard: a click could land while the list is still opening, and the
  // open list would then cover the dialog's button.
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-select-dropdown').filter({ visible: true })).toHaveCount(0);
  await expect(dialog.getByTitle(/^CA-02 · /)).toBeVisible();
  await accessible(page);
  await screenshots(page, 'reviewer-sessions-move');
  await dialog.getByRole('button', { name: 'Chuyển ca' }).click();
  await expect(page.getByText(`Đã chuyển ${mover.fullName} sang ca CA-02, ghế 2.`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(seats.getByRole('row', { name: new RegExp(mover.fullName) })).toHaveCount(0);
  await expect(first).toContainText('1/2');
  await expect(second).toContainText('2/5');
  const moved = await prisma.examSeat.findUniqueOrThrow({ where: { registrationId: seated[0].registrationId }, include: { session: true } });
  expect(moved.session.code).toBe('CA-02');

  // Publishing asks first, then draws the tests of CA-01's candidates.
  await seats.getByRole('button', { name: 'Công bố ca CA-01' }).click();
  await expect(page.getByText('Công bố ca thi CA-01?')).toBeVisible();
  await page.getByRole('tooltip').getByRole('button', { name: 'Công bố' }).click();
  await expect(page.getByText('Đã công bố ca thi CA-01: tạo 1 đề thi.')).toBeVisible();
  await expect(first).toContainText('Đã công bố');
  await expect(seats.getByRole('row', { name: new RegExp(stayer.fullName) })).toContainText('Đã tạo đề');
  expect((await prisma.examSession.findFirstOrThrow({ where: { cycleId: world.cycle.id, code: 'CA-01' } })).status).toBe('PUBLISHED');
  await accessible(page);
  await screenshots(page, 'reviewer-sessions');

  // The attendance sheet: a PDF with the Vietnamese font embedded and the session's code in its document
  // information (its pages are compressed; their text is read back in test/exam-sessions.test.ts).
  const download = page.waitForEvent('download');
  await seats.getByRole('link', { name: 'Danh sách dự thi (PDF)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('danh-sach-du-thi-CA-01.pdf');
  const pdf = readFileSync((await file.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5_000);
  expect(pdf.toString('latin1')).toContain('(CA-01)');
  expect(pdf.includes('DejaVuSans')).toBe(true);
  const href = await seats.getByRole('link', { name: 'Danh sách dự thi (PDF)' }).getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.headers()['content-type']).toBe('application/pdf');
});
