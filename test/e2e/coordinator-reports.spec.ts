// Headquarters reads a cycle's results: the level distribution as stacked bars by department, position or field,
// the registration mismatch per department as bars, and the same report as Excel and PDF.
import { expect, test } from '@playwright/test';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { reportFixture } from '../report-fixture';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.setTimeout(150_000);

test('a coordinator opens a results report, switches it to positions, and downloads it as Excel and PDF', async ({ page }) => {
  const fixture = await reportFixture(db(), new Date());
  await signIn(page, DEMO.coordinator);
  await page.goto(`/cycles/${fixture.cycle.id}`);
  await page.getByRole('button', { name: 'Báo cáo' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('img', { name: 'Biểu đồ cột chồng: phân bố mức năng lực' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Biểu đồ cột: tỷ lệ đăng ký khác vị trí theo đơn vị' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(`Hà Giang thử nghiệm ${fixture.suffix}`) });
  await expect(row).toContainText('103');
  await expect(row).toContainText('48');
  await expect(row).toContainText('100%');
  await expect(row).toContainText('50%');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-reports');

  await page.getByText('Theo vị trí', { exact: true }).click();
  await expect(page).toHaveURL(/by=position/);
  await expect(page.getByRole('row', { name: /Tổng cộng/ })).toBeVisible();

  for (const [button, ext] of [['Tải Excel', 'xlsx'], ['Tải PDF', 'pdf']] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`vi-tri.*\\.${ext}$`));
    expect((await file.failure()) ?? null).toBeNull();
  }
});
