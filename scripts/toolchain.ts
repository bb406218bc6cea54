// Where the Temporal binaries are: an explicit variable first, then PATH, then the project's own virtualenv.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function locate(envVar: string, name: string): string {
  const found = process.env[envVar] || onPath(name) || join(root, '.venv-temporal', 'bin', name);
  if (!existsSync(found)) {
    throw new Error(`${name} not found (looked at $${envVar}, PATH and .venv-temporal/bin). Run: npm run setup`);
  }
  return found;
}

/** The Temporal CLI, whose `server start-dev` is the dev server with its Web UI. */
export const temporalCliPath = () => locate('TEMPORAL_CLI_PATH', 'temporal');
/** The time-skipping test server, for tests where months of timers pass in seconds. */
export const temporalTestServerPath = () => locate('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');

/** schemathesis, the property-based run over the OpenAPI document. */
export const schemathesisPath = () => process.env.SCHEMATHESIS_PATH || join(root, '.venv-schemathesis', 'bin', 'schemathesis');

export const projectRoot = root;
