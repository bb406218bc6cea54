// A department's review, as its reviewer and headquarters act on it: the flagged registration is decided with a
// written justification beside the officer's actual assignment; the list goes up, comes back with comments the
// reviewer reads, goes up again and is approved; a page that went stale is told to reload; and another
// department's reviewer is refused, on the page and by the API.
import { expect, test } from '@playwright/test';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { apiAs, reviewWorld, type ReviewWorld } from './console-world';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let world: ReviewWorld;
test.beforeAll(async () => {
  world = await reviewWorld();
});

test('the reviewer decides a flag with a justification, submits the list, reads headquarters\' comments on its return', async ({ page }) => {
  await signIn(page, DEMO.reviewer);
  await page.getByRole('link', { name: world.cycleName }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hồ Chí Minh');
  await expect(page.getByText('Còn 1 đăng ký có cảnh báo chưa quyết định')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gửi danh sách lên Tổng cục' })).toBeDisabled();

  await page.getByText('Có cảnh báo', { exact: true }).first().click();
  await expect(page).toHaveURL(/outcome=FLAGGED/);
  await expect(page.getByText('1 đăng ký', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(world.dodger.fullName) })).toBeVisible();
  await screenshots(page, 'reviewer-workspace');

  await page.getByRole('button', { name: `Quyết định: ${world.dodger.fullName}` }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText(world.dodger.chosenName).first()).toBeVisible();
  await expect(drawer.getByText(world.dodger.heldName).first()).toBeVisible();
  await expect(drawer.getByText('Quá trình công tác')).toBeVisible();
  await drawer.getByRole('radio', { name: 'Chấp nhận (có giải trình)' }).check();
  await drawer.getByRole('button', { name: 'Lưu quyết định' }).click();
  await expect(drawer.getByText('Giải trình ít nhất 10 ký tự')).toBeVisible();
  await drawer.getByLabel('Giải trình bằng văn bản').fill('Công chức được điều động tạm thời sang vị trí này theo quyết định số 12/QĐ-HQ.');
  await expectAccessible(page); // the drawer over the workspace: both pages' checks at once
  await screenshots(page, 'reviewer-decision');
  await drawer.getByRole('button', { name: 'Lưu quyết định' }).click();
  await expect(page.getByText('Đã lưu quyết định.')).toBeVisible();
  const decided = await db().registration.findFirstOrThrow({ where: { cycleId: world.cycleId, officerId: world.dodger.id } });
  expect(decided.reviewDecision).toBe('ACCEPTED');
  expect(decided.reviewJustification).toContain('12/QĐ-HQ');

  await expect(page.getByText('Mọi cảnh báo đã được quyết định')).toBeVisible();
  await page.getByRole('button', { name: 'Gửi danh sách lên Tổng cục' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Gửi danh sách lên Tổng cục' }).click();
  await expect(page.getByText('Đã gửi danh sách.')).toBeVisible();
  await expect(page.getByText('chờ Tổng cục duyệt')).toBeVisible();

  // Headquarters returns it with comments (through the API here; the coordinator's screen is the next test).
  const list = await apiAs(DEMO.coordinator, 'GET', `/cycles/${world.cycleId}/lists/D01`);
  await apiAs(DEMO.coordinator, 'POST', `/cycles/${world.cycleId}/lists/D01/return`, { expectedRevision: list.revision, comment: 'Bổ sung căn cứ điều động cho công chức được chấp nhận.' });
  await page.reload();
  await expect(page.getByText('Tổng cục trả lại danh sách, nhận xét:')).toBeVisible();
  await expect(page.getByText('Bổ sung căn cứ điều động cho công chức được chấp nhận.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gửi danh sách lên Tổng cục' })).toBeEnabled();
  await screenshots(page, 'reviewer-returned');
});

test('headquarters sees the cycle per department, opens the submitted list, is told to reload a stale page, approves', async ({ page }) => {
  const returned = await apiAs(DEMO.reviewer, 'GET', `/cycles/${world.cycleId}/lists/D01`);
  await apiAs(DEMO.reviewer, 'POST', `/cycles/${world.cycleId}/lists/D01/submit`, { expectedRevision: returned.revision });
  await signIn(page, DEMO.coordinator);
  await page.goto(`/cycles/${world.cycleId}`);
  const row = page.getByRole('row', { name: /Hồ Chí Minh/ });
  await expect(row).toContainText('Đã gửi');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-cycle');

  await row.getByRole('link').click();
  await expect(page.getByRole('button', { name: 'Duyệt danh sách' })).toBeVisible();
  await page.getByRole('button', { name: `Xem: ${world.dodger.fullName}` }).click();
  await expect(page.getByRole('dialog').getByText('12/QĐ-HQ')).toBeVisible();
  await page.getByRole('button', { name: 'Đóng' }).click();

  // Someone else acts on the list meanwhile: this page's revision is stale.
  const list = await apiAs(DEMO.coordinator, 'GET', `/cycles/${world.cycleId}/lists/D01`);
  await apiAs(DEMO.coordinator, 'POST', `/cycles/${world.cycleId}/lists/D01/return`, { expectedRevision: list.revision, comment: 'Trả lại để kiểm tra lần cuối.' });
  await apiAs(DEMO.reviewer, 'POST', `/cycles/${world.cycleId}/lists/D01/submit`, { expectedRevision: (list.revision as number) + 1 });
  await page.getByRole('button', { name: 'Duyệt danh sách' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Duyệt danh sách' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'tải lại' })).toBeVisible();
  await screenshots(page, 'coordinator-list-stale');
  await page.getByRole('button', { name: 'Tải lại' }).click();
  await page.getByRole('button', { name: 'Duyệt danh sách' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Duyệt danh sách' }).click();
  await expect(page.getByText('Đã duyệt danh sách.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tải danh sách đã duyệt (Excel)' })).toBeVisible();
  await screenshots(page, 'coordinator-list-approved');
  expect((await db().unitList.findFirstOrThrow({ where: { cycleId: world.cycleId, unitId: 'D01' } })).status).toBe('APPROVED');
});

test("another department's reviewer cannot reach this department: the page says so and the API refuses", async ({ page }) => {
  await signIn(page, { username: 'reviewer.d35', password: 'demo-reviewer' });
  await page.goto(`/cycles/${world.cycleId}/units/D01`);
  await expect(page.getByText('Bạn chỉ xem được đơn vị của mình; trang này thuộc đơn vị khác.')).toBeVisible();
  await expectAccessible(page);
  const refused = await page.request.get(`/api/cycles/${world.cycleId}/registrations?unitId=D01`);
  expect(refused.status()).toBe(403);
  await screenshots(page, 'reviewer-other-department');
});
