// Headquarters changes the level rules safely: from the active version a draft is started, a threshold is edited,
// a broken edit is refused with the problem pointed at its path and line in the JSON, the fix is saved and read
// back as a sentence, and the draft is previewed on a past cycle with results (the transition matrix and who
// would move). Then, in the same past cycle, the item analysis lists flagged questions first and a faulty one is
// voided, showing the regrade's effect.
import { expect, test } from '@playwright/test';
import { gradedCycleFixture } from '../graded-cycle';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.setTimeout(120_000);

test('a coordinator drafts a level rule change, is shown a broken edit at its path, previews it on a past cycle and voids a faulty question', async ({ page }) => {
  const world = await gradedCycleFixture(db(), { candidates: 60 });
  const level2 = world.results.filter((r) => r.level === 'LEVEL_2');
  expect(level2.length).toBeGreaterThan(0);
  // Level 2 asks a little more than the weakest level-2 result's score: those below it would move to level 1.
  const threshold = Math.floor(Math.min(...level2.map((r) => r.score))) + 1;
  const movers = level2.filter((r) => r.score < threshold);

  await signIn(page, DEMO.coordinator);
  await page.getByRole('link', { name: 'Bộ quy tắc' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bộ quy tắc' })).toBeVisible();
  const active = page.getByRole('row').filter({ hasText: 'Xếp mức năng lực' }).filter({ hasText: 'Đang áp dụng' });
  await expectAccessible(page);
  await screenshots(page, 'coordinator-rule-sets');
  await active.getByRole('link', { name: 'Phiên bản 1' }).click();
  await expect(page.getByText('Mức 3 khi tổng điểm ≥ 85 và mọi năng lực ≥ 70')).toBeVisible();

  await page.getByRole('button', { name: 'Tạo bản nháp từ phiên bản này' }).click();
  await expect(page.getByText('Bản nháp số', { exact: false }).first()).toBeVisible();
  const editor = page.getByLabel('Nội dung JSON');
  const document = JSON.parse(await editor.inputValue()) as { rules: { name: string; conditions: { all: { fact: string; value: unknown }[] } }[] };
  const index = document.rules.findIndex((r) => r.name === 'level-2');
  const total = document.rules[index].conditions.all.find((c) => c.fact === 'totalScore')!;

  // A broken edit: the threshold typed as text. The API names the value by its path; the line is linked.
  total.value = String(threshold);
  await editor.fill(JSON.stringify(document, null, 2));
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'Bản nháp chưa lưu được' });
  await expect(problems).toContainText(`rules[${index}].conditions.all[0].value`);
  await expect(problems).toContainText('cần giá trị là số');
  await problems.getByRole('button', { name: /^Đến dòng \d+/ }).click();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-rule-set-error');

  total.value = threshold;
  await editor.fill(JSON.stringify(document, null, 2));
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page.getByText('Đã lưu bản nháp.')).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(page.getByText(`Mức 2 khi tổng điểm ≥ ${threshold} và`)).toBeVisible();

  // The preview on the past cycle: the matrix (level 2 -> level 1 counts the movers) and who moves.
  await page.getByLabel('Kỳ đánh giá để so sánh').click();
  await page.getByTitle(new RegExp(world.cycle.code)).click();
  await page.getByRole('button', { name: 'Xem trước' }).click();
  const matrix = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: /Hiện tại ↓/ }) });
  await expect(matrix.getByRole('row', { name: /^Mức 2/ }).getByRole('cell').nth(2)).toHaveText(String(movers.length));
  const moversTable = page.getByRole('region', { name: 'Những người đổi mức' });
  await expect(moversTable.getByRole('row', { name: new RegExp(movers[0].fullName) })).toContainText('Mức 1');
  await matrix.scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-rule-set-preview');

  // The item analysis of the same cycle: flagged first, void the first one, see what the regrade changed.
  await page.goto(`/cycles/${world.cycle.id}`);
  await page.getByRole('button', { name: 'Phân tích câu hỏi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Phân tích câu hỏi/ })).toBeVisible();
  const first = page.getByRole('region', { name: 'Phân tích câu hỏi' }).getByRole('row').nth(1);
  await expect(first).toContainText(/Quá dễ|Quá khó|Phân biệt kém|Phân biệt âm/);
  await expectAccessible(page);
  await screenshots(page, 'coordinator-item-analysis');
  await first.getByRole('button', { name: /^Hủy câu hỏi/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Lý do hủy').fill('Đáp án sai: hai phương án cùng đúng');
  await dialog.getByRole('button', { name: 'Hủy câu hỏi và chấm lại' }).click();
  const effect = page.getByRole('status').filter({ hasText: 'và chấm lại' });
  await expect(effect).toContainText('Bài thi được chấm lại:');
  await expect(effect).toContainText('Kết quả đổi mức năng lực:');
  await expect(page.getByText('Đã hủy', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-item-voided');
});
