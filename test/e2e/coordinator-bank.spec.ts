// Headquarters keeps the question bank: the coordinator filters the bank, opens an item, edits it into a new
// version and sees what changed highlighted beside the old one, retires it after a confirmation, uploads a file
// with mistakes and gets each one by row and column (nothing imported), and sees the bank's shortfalls live while
// editing a position's blueprint.
import { expect, test } from '@playwright/test';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { bankWorld } from './bank-world';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.setTimeout(90_000);

const BAD_FILE = [
  'Mã câu hỏi,Năng lực,Độ khó,Nội dung câu hỏi,Phương án A,Phương án B,Đáp án',
  'E2E-BAD-1,C-KHONG-CO,Dễ,Câu hỏi có năng lực không tồn tại?,Có,Không,A',
  'E2E-BAD-2,C-F8-1,Rất khó,Câu hỏi có độ khó sai?,Có,Không,C',
].join('\r\n');

test('the coordinator filters the bank, versions an item, sees the change highlighted, and reads a bad file\'s errors', async ({ page }) => {
  const world = await bankWorld();
  const [item] = world.items;
  await signIn(page, DEMO.coordinator);
  await page.getByRole('link', { name: 'Ngân hàng câu hỏi' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' })).toBeVisible();

  // Filters go to the server and into the URL.
  const search = page.getByLabel('Tìm theo nội dung hoặc mã câu hỏi');
  await search.fill(world.suffix);
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: '3 câu hỏi' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Độ khó' }).click();
  await page.locator('.ant-select-item-option', { hasText: /^Dễ$/ }).click();
  await expect(page).toHaveURL(/difficulty=EASY/);
  await expect(page.getByRole('heading', { name: '1 câu hỏi' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(item.code) });
  await expect(row).toContainText('Lấy mẫu hàng hóa');
  await expect(row).toContainText('Nháp');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-bank-list');

  // The item and a new version of it.
  await row.getByRole('link', { name: item.code }).click();
  await expect(page.getByRole('heading', { level: 1, name: item.code })).toBeVisible();
  await expect(page.getByText('Đáp án đúng').first()).toBeVisible();
  await page.getByRole('button', { name: 'Sửa' }).click();
  await page.getByLabel('Nội dung câu hỏi').fill(item.stem.replace('phân bón', 'thuốc thú y'));
  await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
  await expect(page.getByText('Đã lưu phiên bản 2.')).toBeVisible();
  const right = page.getByRole('region', { name: 'Phiên bản 2' });
  const left = page.getByRole('region', { name: 'Phiên bản 1' });
  await expect(right.getByRole('insertion')).toHaveText(/thuốc thú y/);
  await expect(left.getByRole('deletion')).toHaveText(/phân bón/);
  await expect(page.getByText('Thay đổi: nội dung')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-bank-item');
  const stored = await db().questionItem.findUniqueOrThrow({ where: { id: item.id }, include: { versions: { orderBy: { version: 'asc' } } } });
  expect(stored.versions.map((v) => v.stem)).toEqual([item.stem, item.stem.replace('phân bón', 'thuốc thú y')]);

  // A status change asks first (a draft retired: no form ever draws it, so other tests never see it).
  await page.getByRole('button', { name: 'Ngừng sử dụng' }).click();
  const dialog = page.getByRole('dialog', { name: `Ngừng sử dụng câu hỏi ${item.code}?` });
  await dialog.getByLabel('Lý do (không bắt buộc)').fill('Câu hỏi trùng nội dung với câu khác.');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByText(`Câu hỏi ${item.code} đã chuyển sang trạng thái “Ngừng sử dụng”.`)).toBeVisible();
  expect((await db().questionItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('RETIRED');

  // A file with mistakes: each one by row and column, and nothing imported.
  await page.goto('/bank');
  await page.locator('input[type=file]').setInputFiles({ name: 'cau-hoi-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${BAD_FILE}\r\n`, 'utf8') });
  await expect(page.getByRole('alert').filter({ hasText: 'chưa nhập câu hỏi nào' })).toBeVisible();
  const errors = page.getByRole('table').filter({ hasText: 'Lỗi' }).first();
  await expect(errors.getByRole('row', { name: /C-KHONG-CO/ })).toContainText('2');
  await expect(errors.getByRole('row', { name: /Rất khó/ })).toContainText('3');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-bank-import');
  expect(await db().questionItem.count({ where: { code: { startsWith: 'E2E-BAD-' } } })).toBe(0);

  // A new item's form.
  await page.getByRole('link', { name: 'Thêm câu hỏi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thêm câu hỏi' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-bank-new');

  // A position's blueprint: asking for more than the bank holds shows the shortfall at once (not saved).
  await page.goto('/bank/blueprints?position=P-F8-01');
  const cell = page.getByRole('spinbutton', { name: 'Số câu Khó — Lấy mẫu hàng hóa' });
  await expect(cell).toBeVisible();
  await cell.fill('150');
  await expect(page.getByText(/Ngân hàng còn thiếu câu hỏi ở 1 ô/)).toBeVisible();
  await expect(page.getByText(/^thiếu \d+$/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'coordinator-bank-blueprint');
});
