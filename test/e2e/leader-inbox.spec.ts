// The leader's inbox pages on the server: 30 open tasks of a cycle of the test's own in leader.d01's department,
// two of them overdue. The overdue ones come first, 25 a page, the page in the address (a reload or a shared link
// keeps it), the totals over all 30, and the same list as cards on a phone.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createOfficer, followUpCycle } from '../support-follow-ups';
import { db, DEMO, expectAccessible, screenshots, signIn } from './support';

test.use({ baseURL: process.env.E2E_BASE_URL });

const DAY = 86_400_000;

/** Open retraining tasks as the follow-up batch stores them (the rows only: this test is about listing them). */
async function inboxWorld() {
  const prisma = db();
  const cycle = await followUpCycle(prisma, new Date(), ['D01']);
  const officer = await createOfficer(prisma, 'D01', 'Phạm Thị Diệu Linh');
  const tag = randomUUID().slice(0, 8);
  const now = Date.now();
  const dueInDays = [-3, -1, ...Array.from({ length: 28 }, (_, i) => i + 1)];
  for (const [i, days] of dueInDays.entries())
    await prisma.followUpTask.create({
      data: { dedupeKey: `e2e-inbox:${tag}:${i}`, type: 'RETRAINING', officerId: officer.id, unitId: officer.unitId, cycleId: cycle.id, dueAt: new Date(now + days * DAY) },
    });
  return { cycleId: cycle.id, officer };
}

test('the inbox shows the overdue first and pages on the server, the page kept in the address', async ({ page }) => {
  const world = await inboxWorld();
  await signIn(page, DEMO.leader);
  await page.goto(`/?cycle=${world.cycleId}`);
  await expect(page.getByText('30 việc phù hợp, 2 quá hạn')).toBeVisible();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(25);
  // Overdue first: the first two rows carry the mark, the third does not.
  await expect(rows.nth(0).getByText('Quá hạn')).toBeVisible();
  await expect(rows.nth(1).getByText('Quá hạn')).toBeVisible();
  await expect(rows.nth(2).getByText('Quá hạn')).toHaveCount(0);
  await expectAccessible(page);

  await page.locator('.ant-pagination-item-2').click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(rows).toHaveCount(5);
  await page.reload();
  await expect(rows).toHaveCount(5);
  await expect(page.getByText('30 việc phù hợp, 2 quá hạn')).toBeVisible();
  await screenshots(page, 'leader-inbox-page-2');

  // A filter goes back to the first page: only the overdue two.
  await page.getByLabel('Trạng thái').click();
  await page.locator('.ant-select-item-option', { hasText: 'Quá hạn' }).click();
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(rows).toHaveCount(2);

  // On a phone: the same entries as cards, with the pager.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?cycle=${world.cycleId}&page=2`);
  await expect(page.locator('.ant-list-item')).toHaveCount(5);
  await expect(page.locator('.ant-list-item').first()).toContainText(world.officer.fullName);
  await expectAccessible(page);
});
