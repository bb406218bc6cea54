// `npm start`: the whole system on one machine with embedded defaults. The Temporal dev server (persisted to
// .data/, with its Web UI), the database (PGlite in .data/ unless DATABASE_URL is set), migrations, demo data
// with its history (two completed cycles, a year of business feedback: prisma/demo/history.ts), the worker and
// the API, then the demo's present through the API (runtime/demo-cycle.ts): the next cycle in review and a
// session open today.
import { resolve } from 'node:path';
import { loadConfig, startOptions } from './config';
import { logger } from './logger';
import { migrateDatabase } from './migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { startDevTemporal, type DevTemporal } from './dev-temporal';
import { onShutdown, prismaFor, startApi, startWorker } from './serve';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { DEMO_CREDENTIALS } from '../prisma/demo/users';
import { MOUNTAIN_DEPARTMENT, seedDemoWithHistory } from '../prisma/demo/history';
import { ensureDemoNow } from './demo-cycle';
import { projectRoot } from '../scripts/toolchain';

const dataDir = resolve(projectRoot, '.data');
let database: EmbeddedPostgres | undefined;
let temporalServer: DevTemporal | undefined;

const start = startOptions();
if (!start.databaseUrl) database = await startEmbeddedPostgres(resolve(dataDir, 'pglite'), start.PGLITE_PORT);
if (!start.temporalAddress) temporalServer = await startDevTemporal({ dbFile: resolve(dataDir, 'temporal.sqlite'), port: 7233, uiPort: 8233 });
const config = loadConfig(undefined, { databaseUrl: database?.url, temporalAddress: temporalServer?.address });

logger.info('applying migrations');
await migrateDatabase(config.databaseUrl);
const prisma = prismaFor(config);
await publishBuiltInRuleSets(prisma);
const loadStarted = performance.now();
const progress = (line: string) => console.log(line);
await seedDemoWithHistory(prisma, { officers: start.DEMO_OFFICERS, seed: 'customs-2026', log: progress });

const { worker, done } = await startWorker(config, prisma);
const { server, temporal, grader } = await startApi(config, prisma);
const demo = await ensureDemoNow({ api: `http://127.0.0.1:${config.PORT}/api`, prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, log: progress });
progress(`demo: ready in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s after the migrations`);
const demoCycle = demo.reviewCycle;

const base = `http://localhost:${config.PORT}`;
console.log(`
  Customs competency assessment back office is running.

  Web app        ${base}/          (sign in with a demo user below)
  API            ${base}/api
  API docs       ${base}/docs   (OpenAPI: ${base}/openapi.json)
  Temporal UI    ${temporalServer?.uiUrl ?? '(external Temporal at ' + config.TEMPORAL_ADDRESS + ')'}${demoCycle ? `/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${demoCycle.workflowId}` : ''}
  Database       ${database ? 'embedded PGlite in .data/pglite' : 'DATABASE_URL'}

  The demo       DGNL-2023 and DGNL-2025 completed (results, levels, follow-ups, reports; ${MOUNTAIN_DEPARTMENT.id} as published),
                 ${demo.reviewCycle.code} in review (flags to decide, lists to approve),
                 ${demo.examCycle.code}: officer.d01 can sit the exam today

  Demo users (in the web app, or for API clients: POST ${base}/api/auth/token {"username","password"}):
${DEMO_CREDENTIALS.map((c) => `    ${c.username.padEnd(16)} ${c.password.padEnd(18)} ${c.role.padEnd(12)} ${c.unit ?? ''}`).join('\n')}

  Ctrl+C stops everything.
`);

onShutdown(async () => {
  server.close();
  // (The SDK also stops the worker on these signals: ask only if it has not begun.)
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await grader.stop();
  await done;
  await temporal.connection.close();
  await prisma.$disconnect();
  await temporalServer?.stop();
  await database?.stop();
});
