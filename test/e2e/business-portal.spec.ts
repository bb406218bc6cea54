// The business's story and the leader's: the business rates a declaration's branch unsatisfied and its officer
// satisfied in one go, sees the complaint open; the leader walks the case through verification, handling and
// the outcome; the business receives the answer (in its notification centre too) and contests it; the case is
// reconsidered at the department and its leaders are told; the leader reads the contest and answers again, and
// the business sees the new answer beside the contested one. On a phone as on a desktop (axe at both widths).
// Then the business pages through its cases, its legal notices and its notifications.
import { expect, test } from '@playwright/test';
import { db, DEMO, expectAccessible, screenshots, signIn } from './support';
import { declarationWorld, pagingWorld } from './work-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('the business rates a declaration unsatisfied, the leader walks the case to its outcome, the business contests the answer', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const world = await declarationWorld();
  await signIn(page, DEMO.business);
  await expect(page.getByRole('heading', { name: 'Tờ khai của tôi' })).toBeVisible();
  await expect(page.getByText(`Số tờ khai ${world.number}`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-declarations', { axe: true });

  await page.getByRole('button', { name: `Đánh giá ${world.number}` }).click();
  await expect(page.getByRole('heading', { name: `Đánh giá tờ khai ${world.number}` })).toBeVisible();
  const branch = page.getByRole('checkbox', { name: `Chi cục: ${world.branchName}` });
  await branch.check();
  const branchCard = page.locator('.ant-card').filter({ has: branch });
  await branchCard.getByText('Không hài lòng', { exact: true }).click(); // the five levels are buttons
  await expect(branchCard.getByRole('radio', { name: 'Không hài lòng', exact: true })).toBeChecked();
  await branchCard.getByRole('checkbox', { name: 'Thời gian xử lý chậm' }).check();
  await branchCard.getByLabel('Ý kiến thêm (không bắt buộc)').fill('Hồ sơ chờ tiếp nhận hơn một ngày.');
  const officer = page.getByRole('checkbox', { name: /^Công chức: / });
  await officer.check();
  await page.locator('.ant-card').filter({ has: officer }).getByText('Hài lòng', { exact: true }).click();
  await expectAccessible(page);
  await screenshots(page, 'business-rate', { axe: true });
  await page.getByRole('button', { name: 'Gửi đánh giá (2)' }).click();
  await expect(page.getByText('Cơ quan hải quan sẽ xác minh và trả lời phản ánh của doanh nghiệp.')).toBeVisible();
  await expect(page.getByText('Đã đánh giá: Không hài lòng')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Sửa đánh giá: Chi cục/ })).toBeVisible(); // the window is open
  await screenshots(page, 'business-rated');

  const feedback = await db().feedback.findFirstOrThrow({ where: { declarationId: world.declarationId, level: 'UNSATISFIED' }, include: { case: true } });
  const caseId = feedback.case!.id;
  await expect.poll(async () => (await db().feedbackCase.findUniqueOrThrow({ where: { id: caseId } })).status, { timeout: 20_000 }).toBe('VERIFYING');
  await page.getByRole('link', { name: 'Phản ánh của tôi' }).first().click();
  const myCase = page.locator('.ant-card').filter({ hasText: `Tờ khai ${world.number}` });
  await expect(myCase.getByText('Đang xác minh')).toBeVisible();
  await screenshots(page, 'business-case-open', { axe: true });

  // The leader of the branch's department walks the case.
  const leaderContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const leader = await leaderContext.newPage();
  await signIn(leader, DEMO.leader);
  await leader.goto('/?kind=CASE');
  await leader.getByRole('link', { name: new RegExp(`Phản ánh tờ khai ${world.number}`) }).click();
  await expect(leader.getByRole('heading', { level: 1 })).toContainText(`Phản ánh tờ khai ${world.number}`);
  await expect(leader.getByText('Thời gian xử lý chậm')).toBeVisible();
  await leader.getByLabel('Đã kiểm tra những gì và phát hiện gì').fill('Đối chiếu nhật ký hệ thống: hồ sơ chờ tiếp nhận 27 giờ do thiếu người trực.');
  await expectAccessible(leader);
  await screenshots(leader, 'leader-case-verify', { axe: true });
  await leader.getByRole('button', { name: 'Ghi nhận: Xác minh' }).click();
  await leader.getByLabel('Đã xử lý như thế nào').fill('Bố trí thêm một công chức trực tiếp nhận vào giờ cao điểm.');
  await leader.getByRole('button', { name: 'Ghi nhận: Xử lý' }).click();
  await leader.getByText('Phản ánh đúng', { exact: true }).click();
  await leader.getByLabel('Biện pháp đã thực hiện hoặc lý do (doanh nghiệp sẽ đọc)').fill('Phản ánh đúng. Chi cục đã bổ sung người trực và rút thời gian tiếp nhận xuống dưới 4 giờ.');
  await leader.getByRole('button', { name: 'Ghi nhận: Kết luận' }).click();
  await expect(leader.getByText('Đang chờ doanh nghiệp phản hồi')).toBeVisible();
  await screenshots(leader, 'leader-case-answered', { axe: true });

  // The business reads the answer, in its notification centre too, and contests it.
  await page.reload();
  await expect(myCase.getByText('Chi cục đã bổ sung người trực')).toBeVisible();
  await myCase.getByRole('button', { name: 'Không đồng ý' }).click();
  await myCase.getByLabel('Vì sao doanh nghiệp không đồng ý').fill('Tuần này hồ sơ vẫn chờ hơn một ngày.');
  await expectAccessible(page);
  await screenshots(page, 'business-case-answer', { axe: true });
  await myCase.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
  await expect(page.getByText('Doanh nghiệp đã không đồng ý; phản ánh được xem xét lại.').first()).toBeVisible();
  await expect.poll(async () => (await db().feedbackCase.findUniqueOrThrow({ where: { id: caseId } })).businessAccepted).toBe(false);

  await page.getByRole('button', { name: /^Thông báo \(\d+ chưa đọc\)$/ }).click();
  const answered = page.getByText(`Đã có kết quả phản ánh (tờ khai ${world.number})`);
  await expect(answered).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-notifications', { axe: true });

  // The department's leaders hear that the business contests.
  await expect.poll(async () => db().notification.count({ where: { templateKey: { in: ['feedbackCase.reopened', 'feedbackCase.contestedFinal'] }, params: { path: ['caseId'], equals: caseId } } })).toBeGreaterThan(0);

  // The reconsideration: the leader reads what was contested and why, handles the case again and answers anew.
  await leader.goto(`/cases/${caseId}`);
  const contest = leader.getByRole('region', { name: 'Doanh nghiệp không đồng ý với trả lời lần 1' });
  await expect(contest.getByText('Tuần này hồ sơ vẫn chờ hơn một ngày.')).toBeVisible();
  await expect(contest.getByText('Chi cục đã bổ sung người trực và rút thời gian tiếp nhận xuống dưới 4 giờ.')).toBeVisible(); // the answer contested
  await expect(contest.getByText('Được xem xét lại')).toBeVisible();
  await expect(leader.getByText('Xử lý · Xem xét lại lần 1')).toBeVisible();
  await leader.getByLabel('Đã xử lý như thế nào').fill('Kiểm tra lại tuần này: ca chiều chưa có người trực; bổ sung lịch trực cả ngày.');
  await leader.getByRole('button', { name: 'Ghi nhận: Xử lý' }).click();
  // (The contested answer's tag says "Phản ánh đúng" too: choose in the outcome form once it is there.)
  await leader.locator('form').getByText('Phản ánh đúng', { exact: true }).click();
  await leader.getByLabel('Biện pháp đã thực hiện hoặc lý do (doanh nghiệp sẽ đọc)').fill('Xem xét lại: bổ sung lịch trực cả ngày; hồ sơ được tiếp nhận trong ngày.');
  await leader.getByRole('button', { name: 'Ghi nhận: Kết luận' }).click();
  await expect(leader.getByText('Đang chờ doanh nghiệp phản hồi')).toBeVisible();
  await expect(leader.getByText('Kết luận · Xem xét lại lần 1')).toBeVisible();
  await expectAccessible(leader);
  await screenshots(leader, 'leader-case-reconsidered', { axe: true });
  await leaderContext.close();

  // The business sees the new answer, after its contest and the answer it contested.
  await page.getByRole('link', { name: 'Phản ánh của tôi' }).first().click();
  await expect(myCase.getByText('Trả lời sau khi xem xét lại')).toBeVisible();
  await expect(myCase.getByText('Xem xét lại: bổ sung lịch trực cả ngày; hồ sơ được tiếp nhận trong ngày.')).toBeVisible();
  const myContest = myCase.getByRole('region', { name: 'Doanh nghiệp không đồng ý với trả lời lần 1' });
  await expect(myContest.getByText('Tuần này hồ sơ vẫn chờ hơn một ngày.')).toBeVisible();
  await expect(myContest.getByText('Chi cục đã bổ sung người trực')).toBeVisible();
  await expect(myCase.getByRole('button', { name: 'Đồng ý với kết quả' })).toBeVisible(); // the new answer may be accepted or contested
  await expectAccessible(page);
  await screenshots(page, 'business-case-reconsidered', { axe: true });

  await page.getByRole('link', { name: 'Tờ khai của tôi' }).first().click();
  await page.getByRole('link', { name: 'Xem tất cả' }).click();
  await expect(page.getByRole('heading', { name: 'Văn bản pháp luật mới' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-notices', { axe: true });
});

test('a business pages through its cases, the legal notices and its notifications, the page kept in the address', async ({ page }) => {
  test.setTimeout(120_000);
  const world = await pagingWorld();
  await signIn(page, world.user);

  // My cases: 12, ten a page, newest first; page 2 holds the two oldest and survives a reload.
  await page.goto('/my-cases');
  const cases = page.getByRole('listitem').filter({ hasText: /^Tờ khai \d+/ });
  await expect(page.getByText(`Tờ khai ${world.caseNumbers[0]}`)).toBeVisible();
  await expect(cases).toHaveCount(10);
  await expect(page.getByText('12 mục')).toBeVisible();
  await page.getByTitle('2', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(page.getByText(`Tờ khai ${world.caseNumbers[11]}`)).toBeVisible();
  await expect(cases).toHaveCount(2);
  await page.reload();
  await expect(page.getByText(`Tờ khai ${world.caseNumbers[10]}`)).toBeVisible();
  await expect(page.getByText(`Tờ khai ${world.caseNumbers[0]}`)).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, 'business-cases-page-2', { axe: true });

  // Legal notices: the oldest (a fixture issued in 2001) is the last one on the last page.
  const lastNoticePage = Math.ceil(world.noticesTotal / 10);
  await page.goto('/notices');
  await expect(page.getByText(`${world.noticesTotal} mục`)).toBeVisible();
  await expect(page.getByText(world.oldestNoticeTitle, { exact: true })).toHaveCount(0);
  await page.getByTitle(String(lastNoticePage), { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]page=${lastNoticePage}(&|$)`));
  await expect(page.getByText(world.oldestNoticeTitle, { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByText(world.oldestNoticeTitle, { exact: true })).toBeVisible();
  await screenshots(page, 'business-notices-last-page', { axe: true });

  // Notifications: 25, twenty a page; page 2 has the five oldest, and "unread only" goes back to page 1.
  await page.goto('/notifications');
  await expect(page.getByText(`Đã tiếp nhận phản ánh (tờ khai ${world.notificationNumbers[0]})`)).toBeVisible();
  await expect(page.getByText('25 thông báo')).toBeVisible();
  await page.getByTitle('2', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(page.getByText(`Đã tiếp nhận phản ánh (tờ khai ${world.notificationNumbers[24]})`)).toBeVisible();
  await expect(page.getByText(`Đã tiếp nhận phản ánh (tờ khai ${world.notificationNumbers[0]})`)).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(`Đã tiếp nhận phản ánh (tờ khai ${world.notificationNumbers[20]})`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-notifications-page-2', { axe: true });
  await page.getByRole('switch', { name: 'Chỉ chưa đọc' }).click();
  await expect(page).toHaveURL(/[?&]unread=true/);
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(page.getByText(`Đã tiếp nhận phản ánh (tờ khai ${world.notificationNumbers[0]})`)).toBeVisible();
});
