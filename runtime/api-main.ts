// `npm run api`: the HTTP API alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { loadConfig } from './config';
import { onShutdown, prismaFor, startApi } from './serve';

const config = loadConfig();
const prisma = prismaFor(config);
const { server, temporal } = await startApi(config, prisma);
onShutdown(async () => {
  server.close();
  await temporal.connection.close();
  await prisma.$disconnect();
});
