// A leader reads the business feedback of their scope: the figures, ratings by level month by month, the
// distribution by branch, and the look-up by the 8 criteria, exported to Excel. The filters live in the address
// (a link or a reload keeps them) and the distribution pages past its first ten.
import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, screenshots, signIn } from './support';
import { ratingsWorld } from './work-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('a leader reads the statistics and looks ratings up by level, exporting them to Excel', async ({ page }) => {
  await signIn(page, DEMO.leader);
  await page.getByRole('link', { name: 'Thống kê phản ánh' }).first().click();
  await expect(page.getByRole('heading', { name: 'Thống kê phản ánh của doanh nghiệp' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Biểu đồ số lượt đánh giá theo mức độ hài lòng qua các tháng' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Mức độ' }).click();
  await page.locator('.ant-select-item-option', { hasText: 'Rất không hài lòng' }).first().click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'leader-statistics', { axe: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Xuất Excel/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tra-cuu-danh-gia-.*\.xlsx$/);
});

test('the statistics keep their filters in the address, and the distribution pages beyond the first ten', async ({ page }) => {
  expect((await ratingsWorld()).officers).toBe(12);
  await signIn(page, DEMO.leader);
  await page.goto('/statistics');
  await expect(page.getByRole('heading', { name: 'Thống kê phản ánh của doanh nghiệp' })).toBeVisible();

  // The distribution by officer, page 2: in the address, and still there after a reload.
  const breakdown = page.locator('.ant-card').filter({ has: page.getByText('Theo…', { exact: true }) });
  await breakdown.getByText('Công chức', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]dim=officer(&|$)/);
  await expect(breakdown.getByText(/^\d+ mục$/)).toBeVisible();
  const groups = Number((await breakdown.getByText(/^\d+ mục$/).textContent())!.split(' ')[0]);
  expect(groups).toBeGreaterThan(10);
  const firstOfficer = await breakdown.getByRole('row').nth(1).getByRole('cell').first().textContent();
  await breakdown.getByTitle('2', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]dimPage=2(&|$)/);
  await expect(breakdown.getByRole('row').nth(1).getByRole('cell').first()).not.toHaveText(firstOfficer!);
  const secondPageOfficer = await breakdown.getByRole('row').nth(1).getByRole('cell').first().textContent();

  // The look-up by level: in the address with the breakdown's state.
  const lookup = page.locator('.ant-card').filter({ has: page.getByText('Tra cứu đánh giá', { exact: true }) });
  await lookup.getByRole('combobox', { name: 'Mức độ' }).click();
  await page.locator('.ant-select-item-option', { hasText: 'Rất không hài lòng' }).first().click();
  await page.keyboard.press('Escape');
  await lookup.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page).toHaveURL(/[?&]level=VERY_UNSATISFIED(&|$)/);
  await expect(page).toHaveURL(/[?&]dimPage=2(&|$)/);

  // A reload (or the link sent to a colleague) shows the same: officers page 2, the level chosen, its ratings.
  await page.reload();
  await expect(breakdown.getByRole('radio', { name: 'Công chức' })).toBeChecked();
  await expect(breakdown.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(secondPageOfficer!);
  await expect(lookup.getByText('Rất không hài lòng', { exact: true }).first()).toBeVisible();
  await expect(lookup.getByRole('row').nth(1)).toBeVisible();
  await expect(lookup.getByRole('row').nth(1).getByText('Rất không hài lòng')).toBeVisible();
  await expect(page.getByRole('link', { name: /Xuất Excel/ })).toHaveAttribute('href', /level=VERY_UNSATISFIED/);

  // The scope's unit narrows everything and goes back to the distribution's first page.
  await page.getByLabel('Đơn vị', { exact: true }).click();
  await page.locator('.ant-select-item-option').nth(1).click(); // (the first is the whole scope)
  await expect(page).toHaveURL(/[?&]unitId=[^&]+/);
  await expect(page).not.toHaveURL(/[?&]dimPage=/);
  await expect(page).toHaveURL(/[?&]level=VERY_UNSATISFIED(&|$)/);
  await expectAccessible(page);
  await screenshots(page, 'leader-statistics-filtered', { axe: true });
});
