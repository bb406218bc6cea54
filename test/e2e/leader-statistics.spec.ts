// A leader reads the business feedback of their scope: the figures, ratings by level month by month, the
// distribution by branch, and the look-up by the 8 criteria, exported to Excel.
import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, screenshots, signIn } from './support';

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
  await screenshots(page, 'leader-statistics');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Xuất Excel/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tra-cuu-danh-gia-.*\.xlsx$/);
});
