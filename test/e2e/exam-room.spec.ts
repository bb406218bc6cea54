// The exam end to end in a real browser against the real stack: answer, reload, lose the network and keep
// answering, come back, submit, see the result and its level; and a test that reaches its deadline.
import { expect, test, type Page } from '@playwright/test';
import { levelResult } from '../../services/levels';
import { db, expectAccessible, screenshots, signIn } from './support';
import { examWorld, savedAnswers } from './exam-world';

test.use({ baseURL: process.env.E2E_BASE_URL });

/** The form's questions in order, with their options in the order the candidate sees them. */
async function formOf(registrationId: string) {
  const form = await db().examForm.findFirstOrThrow({ where: { registrationId } });
  return form.items as unknown as { itemVersionId: string; optionOrder: string[] }[];
}

/** The page's localStorage, typed here (these tests compile without the DOM's types). */
interface BrowserStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const option = (page: Page, letter: string) => page.locator('.exam-option').filter({ hasText: new RegExp(`^${letter}`) });
const timeLeft = async (page: Page) => {
  // "59:07" or "1:29:59"
  return (await page.locator('.exam-timer-value').innerText()).split(':').map(Number).reduce((total, part) => total * 60 + part, 0);
};

test('an officer sits the exam: answers survive a reload and a network drop, then submits and sees the level', async ({ page, context }) => {
  const world = await examWorld();
  const items = await formOf(world.registrationId);
  await signIn(page, world);
  await expect(page.getByText('Hôm nay bạn có ca thi')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'officer-home-exam-today', { axe: true });
  await page.getByRole('button', { name: 'Vào phòng thi' }).first().click();
  await expect(page.getByRole('heading', { name: 'Phòng thi' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'exam-intro');
  await page.getByRole('button', { name: 'Vào phòng thi' }).click();

  await expect(page.getByRole('heading', { name: `Câu 1 / ${items.length}` })).toBeVisible();
  await expect(page.getByText('Có thời gian cộng thêm (×1.5)')).toBeVisible();
  expect(await timeLeft(page)).toBeGreaterThan(89 * 60);

  // Question 1 by a click, question 2 by the keyboard, question 3 flagged and answered.
  await option(page, 'B').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: `Câu 2 / ${items.length}` })).toBeVisible();
  await page.keyboard.press('3');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('f');
  await page.keyboard.press('a');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect.poll(async () => (await savedAnswers(world.registrationId)).size).toBe(3);
  const saved = await savedAnswers(world.registrationId);
  expect(saved.get(items[0].itemVersionId)?.chosenKey).toBe(items[0].optionOrder[1]);
  expect(saved.get(items[1].itemVersionId)?.chosenKey).toBe(items[1].optionOrder[2]);
  expect(saved.get(items[2].itemVersionId)).toMatchObject({ chosenKey: items[2].optionOrder[0], flagged: true });
  await expectAccessible(page);
  await screenshots(page, 'exam-room', { axe: true });

  // The page never shows an item's id (the stem was once labelled by it) nor its options' keys as values.
  const html = await page.content();
  for (const item of items) expect(html).not.toContain(item.itemVersionId);
  expect(await page.locator('.exam-option input').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')))).not.toContain(items[0].optionOrder[0]);

  // A reload resumes with the answers and the time that remains, whatever this browser kept from before handles:
  // a draft by item version id and key (the former format, under its former name and under the new one) is dropped.
  const { id: attemptId } = await db().attempt.findUniqueOrThrow({ where: { registrationId: world.registrationId } });
  const formerDraft = JSON.stringify({ answers: { [items[5].itemVersionId]: { chosenKey: items[5].optionOrder[0], flagged: false, seq: Date.now() * 2, acked: false } } });
  await page.evaluate(([id, draft]) => {
    const storage = (globalThis as unknown as { localStorage: BrowserStorage }).localStorage;
    storage.setItem(`cas.exam.${id}`, draft);
    const current = JSON.parse(storage.getItem(`cas.exam.v2.${id}`) ?? '{"answers":{}}') as { answers: Record<string, unknown> };
    storage.setItem(`cas.exam.v2.${id}`, JSON.stringify({ answers: { ...current.answers, ...(JSON.parse(draft) as { answers: Record<string, unknown> }).answers } }));
  }, [attemptId, formerDraft] as const);
  const before = await timeLeft(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: `Câu 1 / ${items.length}` })).toBeVisible();
  await expect(option(page, 'B').locator('input')).toBeChecked();
  await expect(page.getByText(`Đã trả lời 3/${items.length}`)).toBeVisible();
  expect(Math.abs((await timeLeft(page)) - before)).toBeLessThan(10);
  await expect(page.getByTestId('save-status')).not.toContainText('chưa gửi được');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate((id) => (globalThis as unknown as { localStorage: BrowserStorage }).localStorage.getItem(`cas.exam.${id}`), attemptId)).toBeNull();
  expect((await savedAnswers(world.registrationId)).size).toBe(3);

  // Offline: keep answering; nothing reaches the server, the page says so, and nothing is lost.
  await page.getByRole('button', { name: /^Câu 4:/ }).click();
  await context.setOffline(true);
  await option(page, 'A').click();
  await option(page, 'D').click(); // changed: the newer choice must win
  await page.keyboard.press('ArrowRight');
  await option(page, 'C').click();
  await expect(page.getByText('Mất kết nối mạng')).toBeVisible();
  await expect(page.getByTestId('save-status')).toContainText('chưa gửi được');
  await screenshots(page, 'exam-room-offline');
  expect((await savedAnswers(world.registrationId)).has(items[3].itemVersionId)).toBe(false);
  await context.setOffline(false);
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc', { timeout: 15_000 });
  await expect(page.getByText('Mất kết nối mạng')).toHaveCount(0);
  const after = await savedAnswers(world.registrationId);
  expect(after.get(items[3].itemVersionId)?.chosenKey).toBe(items[3].optionOrder[3]);
  expect(after.get(items[4].itemVersionId)?.chosenKey).toBe(items[4].optionOrder[2]);

  // Signed out elsewhere (the session revoked on the server): answering goes on and the page says to sign in
  // again; a sign-in in another tab sends what this one kept.
  await db().webSession.updateMany({ where: { userId: `U-${world.username}`, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: 'signed_out' } });
  await page.getByRole('button', { name: /^Câu 6:/ }).click();
  await option(page, 'B').click();
  await expect(page.getByText('Phiên đăng nhập đã kết thúc')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'exam-room-signed-out');
  expect((await savedAnswers(world.registrationId)).has(items[5].itemVersionId)).toBe(false);
  const again = await context.newPage();
  await signIn(again, world);
  await again.close();
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc', { timeout: 15_000 });
  await expect(page.getByText('Phiên đăng nhập đã kết thúc')).toHaveCount(0);
  expect((await savedAnswers(world.registrationId)).get(items[5].itemVersionId)?.chosenKey).toBe(items[5].optionOrder[1]);

  // Submit: the confirmation lists what is unanswered and flagged.
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Chưa trả lời (${items.length - 6})`);
  await expect(dialog).toContainText('Đang đánh dấu xem lại (1): câu 3');
  await expectAccessible(page);
  await screenshots(page, 'exam-submit-confirm');
  await dialog.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
  await expect(page.getByTestId('exam-score')).toContainText('/100');
  await expectAccessible(page);
  await screenshots(page, 'exam-submitted');

  // Levels are set by the cycle's rules; then the results page explains the level in words.
  const result = await db().result.findFirstOrThrow({ where: { registrationId: world.registrationId } });
  await levelResult(db(), result.id);
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kết quả và hồ sơ năng lực' })).toBeVisible();
  await expect(page.getByTestId('result-score')).toHaveText(String(Number(result.score)));
  await expect(page.getByTestId('level-reasons')).toContainText(/Mức|Chưa đạt/);
  await expect(page.getByRole('img', { name: /Điểm qua các kỳ đánh giá/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'my-results');
});

test('at the deadline the page submits by itself', async ({ page }) => {
  const world = await examWorld();
  await signIn(page, world);
  await page.goto(`/exam/${world.registrationId}`);
  await page.getByRole('button', { name: 'Vào phòng thi' }).click();
  await expect(page.getByRole('heading', { name: /^Câu 1 \// })).toBeVisible();
  await option(page, 'A').click();
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  // The fixture moves the deadline, as if the hour had passed: first to a minute from now (the warning)...
  await db().attempt.update({ where: { registrationId: world.registrationId }, data: { deadlineAt: new Date(Date.now() + 61_000) } });
  await page.reload();
  await expect(page.getByText('Còn 1 phút. Bài sẽ được nộp tự động khi hết giờ.').first()).toBeVisible();
  await expect(page.locator('.exam-timer-low')).toBeVisible();
  await screenshots(page, 'exam-one-minute-left');
  // ...then to a few seconds from now.
  await db().attempt.update({ where: { registrationId: world.registrationId }, data: { deadlineAt: new Date(Date.now() + 6_000) } });
  await page.reload();
  expect(await timeLeft(page)).toBeLessThanOrEqual(6);
  await expect(page.getByRole('heading', { name: 'Hết giờ: bài thi đã được nộp tự động' })).toBeVisible({ timeout: 15_000 });
  // Graded out of the request a moment later: the page shows the score once it is there.
  await expect(page.getByTestId('exam-score')).toContainText('/100', { timeout: 10_000 });
  const attempt = await db().attempt.findUniqueOrThrow({ where: { registrationId: world.registrationId }, include: { result: true } });
  expect(attempt.status).toBe('AUTO_SUBMITTED');
  expect(attempt.result).not.toBeNull();
  await screenshots(page, 'exam-auto-submitted');
});
