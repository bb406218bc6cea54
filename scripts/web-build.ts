// Builds the web app into web/dist when its sources changed since the last build (npm start, npm test), so a
// fresh checkout serves a current app without anyone remembering to build it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './toolchain';

const WEB = resolve(projectRoot, 'web');
export const WEB_DIST = join(WEB, 'dist');
const STAMP = join(WEB_DIST, 'index.html');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((n) => n !== 'dist' && n !== 'node_modules').map((n) => newestSource(join(path, n))));
}

export function webBuildIsCurrent(): boolean {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(newestSource(WEB), statSync(join(projectRoot, 'package-lock.json')).mtimeMs);
}

export function buildWebIfChanged(log: (line: string) => void = console.log): void {
  if (webBuildIsCurrent()) return;
  log('web: building the web app (web/dist)');
  execFileSync(join(projectRoot, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWebIfChanged();
