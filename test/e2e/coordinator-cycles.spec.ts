// Headquarters opens a new cycle: the timeline's rules are checked as the dates are typed (a timeline with the
// lists due too close to the exam is refused before anything is saved), the draft is saved, then launched, and
// the cycle's page shows it on its timeline with the departments' table.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';

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
  await page.getByLabel('Mã kỳ').fill(code.toLowerCase());
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
  await screenshots(page, 'coordinator-new-cycle-refused');
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
  await screenshots(page, 'coordinator-cycle-launched');
  expect((await db().assessmentCycle.findFirstOrThrow({ where: { code } })).status).toBe('RUNNING');

  await page.getByRole('link', { name: 'Kỳ đánh giá' }).first().click();
  await expect(page.getByRole('link', { name: `Kỳ đánh giá năng lực năm 2027 (${code})` }).first()).toBeVisible();
  await screenshots(page, 'coordinator-cycles');
});
