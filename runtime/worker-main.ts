// `npm run worker`: the Temporal worker alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { loadConfig } from './config';
import { onShutdown, prismaFor, startWorker } from './serve';

const config = loadConfig();
const prisma = prismaFor(config);
const { worker, done } = await startWorker(config, prisma);
onShutdown(async () => {
  worker.shutdown();
  await done;
  await prisma.$disconnect();
});
