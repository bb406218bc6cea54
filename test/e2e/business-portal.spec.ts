// The business's story and the leader's: the business rates a declaration's branch unsatisfied and its officer
// satisfied in one go, sees the complaint open; the leader walks the case through verification, handling and
// the outcome; the business receives the answer (in its notification centre too) and contests it; the case is
// reconsidered at the department and its leaders are told. On a phone as on a desktop.
import { expect, test } from '@playwright/test';
import { db, DEMO, expectAccessible, screenshots, signIn } from './support';
import { declarationWorld } from './work-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('the business rates a declaration unsatisfied, the leader walks the case to its outcome, the business contests the answer', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const world = await declarationWorld();
  await signIn(page, DEMO.business);
  await expect(page.getByRole('heading', { name: 'Tờ khai của tôi' })).toBeVisible();
  await expect(page.getByText(`Số tờ khai ${world.number}`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-declarations');

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
  await screenshots(page, 'business-rate');
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
  await screenshots(leader, 'leader-case-verify');
  await leader.getByRole('button', { name: 'Ghi nhận: Xác minh' }).click();
  await leader.getByLabel('Đã xử lý như thế nào').fill('Bố trí thêm một công chức trực tiếp nhận vào giờ cao điểm.');
  await leader.getByRole('button', { name: 'Ghi nhận: Xử lý' }).click();
  await leader.getByText('Phản ánh đúng', { exact: true }).click();
  await leader.getByLabel('Biện pháp đã thực hiện hoặc lý do (doanh nghiệp sẽ đọc)').fill('Phản ánh đúng. Chi cục đã bổ sung người trực và rút thời gian tiếp nhận xuống dưới 4 giờ.');
  await leader.getByRole('button', { name: 'Ghi nhận: Kết luận' }).click();
  await expect(leader.getByText('Đang chờ doanh nghiệp phản hồi')).toBeVisible();
  await screenshots(leader, 'leader-case-answered');

  // The business reads the answer, in its notification centre too, and contests it.
  await page.reload();
  await expect(myCase.getByText('Chi cục đã bổ sung người trực')).toBeVisible();
  await myCase.getByRole('button', { name: 'Không đồng ý' }).click();
  await myCase.getByLabel('Vì sao doanh nghiệp không đồng ý').fill('Tuần này hồ sơ vẫn chờ hơn một ngày.');
  await expectAccessible(page);
  await screenshots(page, 'business-case-answer');
  await myCase.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
  await expect(page.getByText('Doanh nghiệp đã không đồng ý; phản ánh được xem xét lại.').first()).toBeVisible();
  await expect.poll(async () => (await db().feedbackCase.findUniqueOrThrow({ where: { id: caseId } })).businessAccepted).toBe(false);

  await page.getByRole('button', { name: /^Thông báo \(\d+ chưa đọc\)$/ }).click();
  const answered = page.getByText(`Đã có kết quả phản ánh (tờ khai ${world.number})`);
  await expect(answered).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-notifications');

  // The department's leaders hear that the business contests.
  await expect.poll(async () => db().notification.count({ where: { templateKey: { in: ['feedbackCase.reopened', 'feedbackCase.contestedFinal'] }, params: { path: ['caseId'], equals: caseId } } })).toBeGreaterThan(0);
  await leaderContext.close();

  await page.getByRole('link', { name: 'Tờ khai của tôi' }).first().click();
  await page.getByRole('link', { name: 'Xem tất cả' }).click();
  await expect(page.getByRole('heading', { name: 'Văn bản pháp luật mới' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'business-notices');
});
