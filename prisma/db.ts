// One place that turns a DATABASE_URL into a Prisma client; the generated types are re-exported from here.
import { PrismaClient } from './generated/client';
import { adapterFactory, type DbOptions } from './adapter';

export * from './generated/client';
export { DEFAULT_DATABASE_URL } from './adapter';

export function createPrisma(url: string, options: DbOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: adapterFactory(url, options) });
}
