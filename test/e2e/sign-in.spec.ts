import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, screenshots, signIn } from './support';

test.use({ baseURL: process.env.E2E_BASE_URL });

const HOMES = [
  { who: DEMO.coordinator, heading: 'Kỳ đánh giá', nav: ['Kỳ đánh giá', 'Ngân hàng câu hỏi', 'Bộ quy tắc'] },
  { who: DEMO.reviewer, heading: 'Kỳ đánh giá', nav: ['Kỳ đánh giá'] },
  { who: DEMO.leader, heading: 'Việc cần xử lý', nav: [/^Việc cần xử lý\d*$/, 'Thống kê phản ánh'] },
  { who: DEMO.officer, heading: /Xin chào/, nav: ['Trang chính', 'Kết quả và hồ sơ năng lực'] },
  { who: DEMO.business, heading: 'Tờ khai của tôi', nav: ['Tờ khai của tôi', 'Phản ánh của tôi'] },
];

test('the sign-in page is in Vietnamese and accessible', async ({ page }) => {
  await page.goto(process.env.E2E_BASE_URL!);
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'sign-in');
});

for (const { who, heading, nav } of HOMES) {
  test(`${who.username} signs in to their own home and signs out`, async ({ page, context }) => {
    await signIn(page, who);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const links = page.getByRole('navigation').getByRole('menuitem');
    await expect(links).toHaveText(nav);
    const cookie = (await context.cookies()).find((c) => c.name === 'cas_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    await page.waitForLoadState('networkidle');
    await expectAccessible(page);
    await screenshots(page, `home-${who.username}`);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page.getByText('Bạn đã đăng xuất.')).toBeVisible();
    // The session is revoked on the server: the old cookie no longer signs anyone in.
    const res = await page.request.get('/api/auth/session', { headers: { cookie: `cas_session=${cookie!.value}` } });
    expect(res.status()).toBe(401);
  });
}

test('repeated wrong passwords are throttled with a message saying when to try again', async ({ page }) => {
  await page.goto('/');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Tên đăng nhập').fill('reviewer.d35');
    await page.getByLabel('Mật khẩu').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng');
  }
  await page.getByLabel('Mật khẩu').fill('demo-reviewer');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText(/lúc \d\d:\d\d:\d\d/);
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
  await screenshots(page, 'sign-in-throttled');
});

test('the language switch turns the app to English and is remembered', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.getByText('English', { exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment cycles' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment cycles' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'home-coordinator-en');
  await page.getByText('Tiếng Việt', { exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kỳ đánh giá' })).toBeVisible();
});
