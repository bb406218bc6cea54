// One place that turns a DATABASE_URL into a Prisma client.
import { PrismaClient } from './generated/client';
import { adapterFactory, type DbOptions } from './adapter';

export { Prisma, PrismaClient } from './generated/client';
export * from './generated/enums';
export { DEFAULT_DATABASE_URL } from './adapter';

export function createPrisma(url: string, options: DbOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: adapterFactory(url, options) });
}

