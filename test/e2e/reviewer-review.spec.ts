// A department's review, as its reviewer and headquarters act on it: the list card shows the deadline counting
// down and the reminders sent; the flagged registration is decided with a written justification beside the
// officer's actual assignment; the list goes up, comes back with comments the reviewer reads, goes up again and
// headquarters reads each flag and its justification in the table before approving; a page that went stale is told
// the list changed meanwhile and to reload; who has not registered is searched and sorted; and another
// department's reviewer is refused, on the page and by the API.
import { expect, test } from '@playwright/test';
import { DEMO, db, expectAccessible, screenshots, signIn } from './support';
import { apiAs, reviewWorld, type ReviewWorld } from './console-world';
import { sendListReminder } from '../../services/unit-lists';

test.use({ baseURL: process.env.E2E_BASE_URL });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let world: ReviewWorld;
test.beforeAll(async () => {
  world = await reviewWorld();
});

test('the reviewer decides a flag with a justification, submits the list, reads headquarters\' comments on its return', async ({ page }) => {
  // The list's workflow reminds the reviewers 2 days before the deadline (its activity's service, called here as
  // the workflow would at that moment).
  const remindedAt = new Date();
  await sendListReminder(db(), { cycleId: world.cycleId, unitId: 'D01', daysBefore: 2, status: 'DRAFT' }, remindedAt);
  await signIn(page, DEMO.reviewer);
  await page.getByRole('link', { name: world.cycleName }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hồ Chí Minh');
  await expect(page.getByText(/^\(Còn 2 ngày 2[23] giờ\)$/)).toBeVisible(); // due in 3 days, less the minutes the fixture took
  await expect(page.getByRole('listitem').filter({ hasText: /Đã nhắc lúc \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4} \(trước hạn 2 ngày\)$/ })).toBeVisible();
  await screenshots(page, 'reviewer-list-card', { axe: true });
  await expect(page.getByText('Còn 1 đăng ký có cảnh báo chưa quyết định')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gửi danh sách lên Tổng cục' })).toBeDisabled();

  await page.getByText('Có cảnh báo', { exact: true }).first().click();
  await expect(page).toHaveURL(/outcome=FLAGGED/);
  await expect(page.getByText('1 đăng ký', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(world.dodger.fullName) })).toBeVisible();
  await screenshots(page, 'reviewer-workspace', { axe: true });

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
  await screenshots(page, 'reviewer-decision', { axe: true });
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
  await screenshots(page, 'reviewer-returned', { axe: true });
});

test('headquarters sees the cycle per department, opens the submitted list, is told to reload a stale page, approves', async ({ page }) => {
  const returned = await apiAs(DEMO.reviewer, 'GET', `/cycles/${world.cycleId}/lists/D01`);
  await apiAs(DEMO.reviewer, 'POST', `/cycles/${world.cycleId}/lists/D01/submit`, { expectedRevision: returned.revision });
  await signIn(page, DEMO.coordinator);
  await page.goto(`/cycles/${world.cycleId}`);
  const row = page.getByRole('row', { name: /Hồ Chí Minh/ });
  await expect(row).toContainText('Đã gửi');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-cycle', { axe: true });

  await row.getByRole('link').click();
  await expect(page.getByRole('button', { name: 'Duyệt danh sách' })).toBeVisible();
  // The submitted list's table: under the flagged registration's row, why it was flagged and the justification.
  const dodgerRow = page.getByRole('row', { name: new RegExp(world.dodger.fullName) });
  const notes = dodgerRow.locator('xpath=following-sibling::tr[1]');
  await expect(notes).toContainText('Lý do');
  await expect(notes).toContainText(`Vị trí đăng ký "${world.dodger.chosenName}" khác vị trí đang đảm nhiệm "${world.dodger.heldName}"`);
  await expect(notes).toContainText('Giải trình của cán bộ rà soát');
  await expect(notes).toContainText('Công chức được điều động tạm thời sang vị trí này theo quyết định số 12/QĐ-HQ.');
  await expectAccessible(page);
  await screenshots(page, 'coordinator-submitted-list', { axe: true });
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
  await expect(page.getByRole('alert').filter({ hasText: 'Danh sách đã thay đổi từ khi bạn mở trang. Tải lại để xem trạng thái mới rồi thực hiện lại.' })).toBeVisible();
  await screenshots(page, 'coordinator-list-stale', { axe: true });
  await page.getByRole('button', { name: 'Tải lại' }).click();
  await page.getByRole('button', { name: 'Duyệt danh sách' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Duyệt danh sách' }).click();
  await expect(page.getByText('Đã duyệt danh sách.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tải danh sách đã duyệt (Excel)' })).toBeVisible();
  await screenshots(page, 'coordinator-list-approved');
  expect((await db().unitList.findFirstOrThrow({ where: { cycleId: world.cycleId, unitId: 'D01' } })).status).toBe('APPROVED');
});

test('the reviewer searches who has not registered by name or code and sorts them, on the server, the state in the URL', async ({ page }) => {
  const officers = await db().officer.findMany({
    where: { active: true, unit: { path: { startsWith: '/HQ/D01/' } }, position: { isLeadership: false }, registrations: { none: { cycleId: world.cycleId } } },
    orderBy: { employeeCode: 'asc' },
  });
  const someone = officers[Math.floor(officers.length / 2)];
  await signIn(page, DEMO.reviewer);
  await page.goto(`/cycles/${world.cycleId}/units/D01?tab=not-registered`);
  await expect(page.getByText(`${officers.length} công chức`, { exact: true })).toBeVisible();
  await page.getByRole('columnheader', { name: /Mã công chức/ }).click();
  await expect(page).toHaveURL(/sort=employeeCode/);
  await page.getByRole('columnheader', { name: /Mã công chức/ }).click();
  await expect(page).toHaveURL(/sort=-employeeCode/);
  await expect(page.getByRole('tabpanel').getByRole('row').nth(1)).toContainText(officers[officers.length - 1].employeeCode);

  await page.getByLabel('Tìm theo họ tên hoặc mã công chức').fill(someone.employeeCode.toLowerCase());
  await expect(page).toHaveURL(new RegExp(`q=${someone.employeeCode.toLowerCase()}`));
  await expect(page.getByText('1 công chức', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(someone.fullName) })).toBeVisible();
  // A shared link opens the same page: the search and the order come from the URL.
  await page.reload();
  await expect(page.getByLabel('Tìm theo họ tên hoặc mã công chức')).toHaveValue(someone.employeeCode.toLowerCase());
  await expect(page.getByRole('row', { name: new RegExp(someone.fullName) })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'reviewer-not-registered', { axe: true });
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
