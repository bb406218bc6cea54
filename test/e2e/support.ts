// What browser tests share: the stack's addresses, a database handle for fixtures, signing in, the
// accessibility check and screenshots at desktop and phone width.
import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createPrisma, type PrismaClient } from '../../prisma/db';

export const baseUrl = () => process.env.E2E_BASE_URL!;

let prisma: PrismaClient | null = null;
export function db(): PrismaClient {
  prisma ??= createPrisma(process.env.E2E_DATABASE_URL!, { max: 3 });
  return prisma;
}

export const DEMO = {
  coordinator: { username: 'coordinator', password: 'demo-coordinator' },
  reviewer: { username: 'reviewer.d01', password: 'demo-reviewer' },
  leader: { username: 'leader.d01', password: 'demo-leader' },
  officer: { username: 'officer.d01', password: 'demo-officer' },
  business: { username: 'business.demo', password: 'demo-business' },
} as const;

export async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(who.username);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

/** No serious or critical finding of axe (WCAG 2 A/AA) on the page as it is now. */
export async function expectAccessible(page: Page) {
  // A toast fading in or out is drawn half-transparent: axe would read its text as low contrast. Check the
  // page once what moves has settled (at full opacity the toast passes).
  // (Endless ones, a spinner's, never settle and are left alone.)
  // A function, not a string: the app's Content-Security-Policy refuses eval, which a string predicate needs.
  // (This file is type-checked without the browser's types, hence the cast.)
  type Animated = { getAnimations(): { playState: string; effect: { getComputedTiming(): { endTime?: number | string } } | null }[] };
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: Animated }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`)).toEqual([]);
}

const SCREENS = 'test-results/screens';

/**
 * Screenshots of the page at 1366x768 and at 390 px wide (then back to desktop), for people to look at; with
 * `{ axe: true }` the page is also checked by axe at phone width (what a phone's layout hides or reflows can fail
 * where the desktop passed).
 */
export async function screenshots(page: Page, name: string, options: { axe?: boolean } = {}) {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(150); // layout settles (Ant Design's breakpoints listen to resize)
  if (options.axe) await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForTimeout(150);
}
