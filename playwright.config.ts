// Browser tests: Playwright driving Debian's Chromium (Playwright's own browser download cannot work on these
// machines) against the real stack that test/e2e/global-setup.ts starts: PostgreSQL, Temporal, worker, API
// serving the built web app.
import { execSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';

function chromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('Chromium not found: run `npm run setup` (it installs Debian\'s chromium package) or set CHROMIUM_PATH');
  }
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  // Generous: these machines have 2 cores, and each test drives the whole stack (API, worker, Temporal, Chromium).
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // The JSON report is what scripts/test.sh counts for the suite's closing line.
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium(),
      // Without these Chromium keeps trying to reach Google's hosts, which this machine's network refuses.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
});
