// A leader acts on their unit's follow-up tasks: the inbox lists them by due date; a task says why it exists;
// recording a training closes it; accepting a reassignment with a position and unit chosen from lists changes the
// officer's assignment history; the leaders were told of the tasks in their notification centre.
import { expect, test, type Page } from '@playwright/test';
import { db, DEMO, expectAccessible, screenshots, signIn } from './support';
import { followUpWorld } from './work-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

async function pick(page: Page, label: string, text: string) {
  await page.getByLabel(label).click();
  await page.keyboard.type(text.slice(0, 14));
  await page.locator('.ant-select-item-option', { hasText: text }).first().click();
}

test('a leader records a training and decides a reassignment: the officer\'s assignment history changes', async ({ page }) => {
  test.setTimeout(180_000);
  const world = await followUpWorld();
  await signIn(page, DEMO.leader);
  await expect(page.getByRole('heading', { name: 'Việc cần xử lý' })).toBeVisible();
  await page.goto(`/?cycle=${world.cycleId}`);
  await expect(page.getByRole('cell', { name: new RegExp(world.trainee.fullName) })).toHaveCount(2);
  await expect(page.getByRole('cell', { name: new RegExp(world.mover.fullName) })).toHaveCount(1);
  await expectAccessible(page);
  await screenshots(page, 'leader-inbox');

  // The retraining: why it exists, then the training recorded.
  await page.getByRole('link', { name: /^Bồi dưỡng lại/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(world.trainee.fullName);
  await expect(page.getByText(/dưới ngưỡng|below the threshold/).first()).toBeVisible();
  await expect(page.getByText('93 điểm · Mức 3')).toBeVisible();
  await page.getByLabel('Khóa bồi dưỡng').fill('Bồi dưỡng nghiệp vụ trị giá hải quan');
  await page.getByLabel('Ngày hoàn thành').click();
  await page.keyboard.type(new Date(Date.now() - 86_400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }));
  await page.keyboard.press('Enter');
  await page.getByLabel('Số giờ').fill('16');
  await expectAccessible(page);
  await screenshots(page, 'leader-task-training', { axe: true });
  await page.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Hoàn thành')).toBeVisible();
  expect((await db().followUpTask.findUniqueOrThrow({ where: { id: world.tasks.retraining } })).status).toBe('DONE');

  // The reassignment: accepted with a position and a unit chosen from lists.
  await page.goto(`/follow-ups/${world.tasks.reassignment}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(world.mover.fullName);
  await pick(page, 'Vị trí việc làm mới', world.target.positionName);
  await pick(page, 'Đơn vị mới', world.target.unitName);
  await expectAccessible(page);
  await screenshots(page, 'leader-task-reassignment', { axe: true });
  await page.getByRole('button', { name: 'Ghi quyết định' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Hoàn thành')).toBeVisible();
  const officer = await db().officer.findUniqueOrThrow({ where: { id: world.mover.id }, include: { assignments: { orderBy: { startDate: 'asc' } } } });
  expect(officer).toMatchObject({ positionId: world.target.positionId, unitId: world.target.unitId });
  expect(officer.assignments.at(-1)).toMatchObject({ positionId: world.target.positionId, unitId: world.target.unitId, endDate: null });
  expect(officer.assignments.filter((a) => a.endDate === null)).toHaveLength(1);

  // The leaders concerned were told of their new tasks: the bell counts them, the centre links to them.
  await page.getByRole('button', { name: /^Thông báo \(\d+ chưa đọc\)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Thông báo' })).toBeVisible();
  await expect(page.getByText('Nhiệm vụ mới: bồi dưỡng lại').first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'leader-notifications', { axe: true });
});
