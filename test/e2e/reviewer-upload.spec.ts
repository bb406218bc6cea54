// A department registers its officers from a file: a file with errors imports nothing and shows each error on its
// row, so the reviewer can fix the file from the table; the officers not yet registered are listed beside it.
import { expect, test } from '@playwright/test';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { openRegistrationWorld } from './console-world';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.setTimeout(150_000);

test('a reviewer uploads a bad registration file, sees its errors row by row, and nothing is imported', async ({ page }) => {
  const cycle = await openRegistrationWorld();
  const prisma = db();
  const mine = await prisma.officer.findFirstOrThrow({ where: { active: true, unit: { path: { startsWith: '/HQ/D01/' } } }, orderBy: { employeeCode: 'asc' } });
  const foreign = await prisma.officer.findFirstOrThrow({ where: { active: true, unit: { path: { startsWith: '/HQ/D35/' } } }, orderBy: { employeeCode: 'asc' } });
  const csv = ['Mã công chức,Mã vị trí đăng ký,Họ và tên', `${mine.employeeCode},${mine.positionId},${mine.fullName}`, 'CB999999,P-F1-01,', `${mine.employeeCode.replace(/\d$/, (d) => String((Number(d) + 1) % 10))},P-XX-99,`, `${foreign.employeeCode},${foreign.positionId},`].join('\r\n');

  await signIn(page, DEMO.reviewer);
  await page.goto(`/cycles/${cycle.id}/units/D01?tab=upload`);
  await expect(page.getByRole('tab', { name: 'Đăng ký theo tệp', selected: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải mẫu Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

  await page.locator('input[type=file]').setInputFiles({ name: 'dang-ky.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });
  await expect(page.getByText('Tệp có 3 lỗi nên chưa nhập dòng nào.')).toBeVisible();
  const errors = page.getByRole('table');
  await expect(errors.getByRole('row', { name: /Không có công chức mã CB999999/ })).toContainText('3');
  await expect(errors.getByRole('row', { name: /P-XX-99/ })).toContainText('4');
  await expect(errors.getByRole('row', { name: new RegExp(`${foreign.employeeCode} không thuộc đơn vị của bạn`) })).toContainText('5');
  expect(await prisma.registration.count({ where: { cycleId: cycle.id } })).toBe(0);
  await expectAccessible(page);
  await screenshots(page, 'reviewer-upload-errors');

  await page.getByRole('tab', { name: 'Chưa đăng ký' }).click();
  await expect(page).toHaveURL(/tab=not-registered/);
  await expect(page.getByRole('row', { name: new RegExp(mine.employeeCode) })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'reviewer-not-registered');

  // The same page in English, then back (the choice is remembered for this user).
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Not registered', selected: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Position held' })).toBeVisible();
  await expect(page.getByText('The list is not open yet: it is made when registration closes.')).toBeVisible();
  await screenshots(page, 'reviewer-not-registered-en');
  await page.getByText('Tiếng Việt', { exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Chưa đăng ký', selected: true })).toBeVisible();
});
