// Registering as an officer: the position held is preselected; choosing another warns that it will be flagged.
import { expect, test } from '@playwright/test';
import { db, expectAccessible, screenshots, signIn } from './support';
import { registrationWorld } from './exam-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('an officer registers; another position than the one held is warned about before it is chosen', async ({ page }) => {
  const world = await registrationWorld();
  await signIn(page, world);
  const section = page.getByRole('region', { name: world.cycle.nameVi });
  await expect(section).toBeVisible();
  await expect(section.getByRole('combobox')).toBeVisible();
  await expect(section.getByText(`${world.held.nameVi} (hiện tại)`)).toBeVisible();
  await expect(section.getByText('Vị trí bạn chọn khác vị trí đang đảm nhiệm')).toHaveCount(0);

  await section.getByRole('combobox').click();
  await page.keyboard.type(world.other.nameVi.slice(0, 12));
  // Ant Design draws the visible options apart from its hidden accessible listbox.
  await page.locator('.ant-select-item-option', { hasText: world.other.nameVi }).first().click();
  const warning = section.getByRole('alert');
  await expect(warning).toContainText('Vị trí bạn chọn khác vị trí đang đảm nhiệm');
  await expect(warning).toContainText(world.held.nameVi);
  await expect(warning).toContainText(world.other.nameVi);
  await expectAccessible(page);
  await screenshots(page, 'officer-register-warning');

  await section.getByRole('button', { name: 'Đăng ký dự thi' }).click();
  await expect(page.getByText('Đã ghi nhận đăng ký của bạn.')).toBeVisible();
  // Once the page has reloaded the registration, the form gives way to what was registered.
  await expect(section.getByRole('button', { name: 'Đổi vị trí đăng ký' })).toBeVisible();
  await expect(section.getByRole('combobox')).toHaveCount(0);
  await expect(section.getByText(world.other.nameVi)).toBeVisible();
  const registration = await db().registration.findFirstOrThrow({ where: { cycleId: world.cycle.id, officerId: world.officer.id } });
  expect(registration.positionId).toBe(world.other.id);
  expect(registration.heldPositionId).toBe(world.held.id);
  await screenshots(page, 'officer-registered');
});
