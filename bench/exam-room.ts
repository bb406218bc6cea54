// How heavy and how quick the exam room is for a candidate: the JavaScript it loads (gzipped, as served) and the
// time from opening the page to the first question ready to answer, on a cold browser cache, over the real stack
// (the browser tests' global setup: PostgreSQL, Temporal, worker, API serving web/dist).
//   npm run bench:exam-room [-- --runs 5]
import { chromium } from '@playwright/test';
import globalSetup from '../test/e2e/global-setup';
import { examWorld } from '../test/e2e/exam-world';
import { db } from '../test/e2e/support';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const teardown = await globalSetup();
const base = process.env.E2E_BASE_URL!;
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
try {
  const world = await examWorld();
  // Start the attempt once, so every run below opens the room straight on its questions (a resume).
  const signInContext = await browser.newContext();
  const page = await signInContext.newPage();
  await page.goto(base);
  await page.getByLabel('Tên đăng nhập').fill(world.username);
  await page.getByLabel('Mật khẩu').fill(world.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  await page.goto(`${base}/exam/${world.registrationId}`);
  await page.getByRole('button', { name: 'Vào phòng thi' }).click();
  await page.getByRole('heading', { name: /^Câu 1 \// }).waitFor();
  const cookies = await signInContext.cookies();
  await signInContext.close();

  const times: number[] = [];
  let jsBytes = 0;
  let jsFiles = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies(cookies);
    const tab = await context.newPage();
    const scripts: Promise<number>[] = [];
    const t0 = Date.now();
    if (process.env.WATERFALL) tab.on('requestfinished', (r) => console.log(`  ${String(Date.now() - t0).padStart(5)} ms ${r.method()} ${new URL(r.url()).pathname}`));
    tab.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.request().sizes().then((s) => s.responseBodySize));
    });
    await tab.goto(`${base}/exam/${world.registrationId}`);
    await tab.getByRole('heading', { name: /^Câu 1 \// }).waitFor();
    await tab.locator('.exam-option').first().waitFor({ state: 'visible' });
    times.push(await tab.evaluate(() => performance.now()));
    const sizes = await Promise.all(scripts);
    jsBytes = sizes.reduce((a, b) => a + b, 0);
    jsFiles = sizes.length;
    await context.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`exam room: ${jsFiles} scripts, ${(jsBytes / 1024).toFixed(1)} KB of JavaScript over the wire (gzipped); ready to answer in ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`js_kb_gzip=${(jsBytes / 1024).toFixed(1)} ready_ms_median=${median.toFixed(0)} runs=${runs}`);
} finally {
  await browser.close();
  await db().$disconnect();
  await teardown();
}
