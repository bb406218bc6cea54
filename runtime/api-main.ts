// `npm run api`: the HTTP API alone, against DATABASE_URL and TEMPORAL_ADDRESS. With API_PROCESSES=N, N processes
// share the port (node:cluster: this one only forks them, hands them connections and replaces one that dies).
import cluster from 'node:cluster';
import { loadConfig } from './config';
import { logger } from './logger';
import { onShutdown, prismaFor, startApi } from './serve';

const config = loadConfig();

if (config.API_PROCESSES > 1 && cluster.isPrimary) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.API_PROCESSES; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'API process died: starting another');
    setTimeout(fork, 1000);
  });
  logger.info({ processes: config.API_PROCESSES, port: config.PORT }, 'API processes starting');
  onShutdown(async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(workers.map((w) => new Promise((resolve) => { w.once('exit', resolve); w.process.kill('SIGTERM'); })));
  });
} else {
  const prisma = prismaFor(config);
  const { server, temporal, grader } = await startApi(config, prisma);
  onShutdown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await grader.stop();
    await temporal.connection.close();
    await prisma.$disconnect();
  });
}
