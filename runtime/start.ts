// `npm start`: the whole system on one machine with embedded defaults. The Temporal dev server (persisted to
// .data/, with its Web UI), the database (PGlite in .data/ unless DATABASE_URL is set), migrations, demo data,
// the worker and the API, plus a launched demo cycle so its workflow shows in the Temporal UI.
import { resolve } from 'node:path';
import { loadConfig, startOptions } from './config';
import { logger } from './logger';
import { migrateDatabase } from './migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { startDevTemporal, type DevTemporal } from './dev-temporal';
import { onShutdown, prismaFor, startApi, startWorker } from './serve';
import { publishBuiltInRuleSets } from '../activities/rule-sets';
import { seedDemoData } from '../prisma/seed';
import { DEMO_CREDENTIALS } from '../prisma/demo/users';
import { ensureDemoCycle } from './demo-cycle';
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
if (!(await prisma.unit.findUnique({ where: { id: 'HQ' } }))) {
  const officers = start.DEMO_OFFICERS;
  logger.info({ officers }, 'loading demo data');
  await seedDemoData(prisma, { officers, seed: 'customs-2026' });
}

const { worker, done } = await startWorker(config, prisma);
const { server, temporal } = await startApi(config, prisma);
const demoCycle = await ensureDemoCycle(config);

const base = `http://localhost:${config.PORT}`;
console.log(`
  Customs competency assessment back office is running.

  Web app        ${base}/          (sign in with a demo user below)
  API            ${base}/api
  API docs       ${base}/docs   (OpenAPI: ${base}/openapi.json)
  Temporal UI    ${temporalServer?.uiUrl ?? '(external Temporal at ' + config.TEMPORAL_ADDRESS + ')'}${demoCycle ? `/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${demoCycle.workflowId}` : ''}
  Database       ${database ? 'embedded PGlite in .data/pglite' : 'DATABASE_URL'}

  Demo users (in the web app, or for API clients: POST ${base}/api/auth/token {"username","password"}):
${DEMO_CREDENTIALS.map((c) => `    ${c.username.padEnd(16)} ${c.password.padEnd(18)} ${c.role.padEnd(12)} ${c.unit ?? ''}`).join('\n')}

  Ctrl+C stops everything.
`);

onShutdown(async () => {
  server.close();
  worker.shutdown();
  await done;
  await temporal.connection.close();
  await prisma.$disconnect();
  await temporalServer?.stop();
  await database?.stop();
});
