// Prisma CLI configuration: the JS engine through the pg adapter, because native engines cannot be downloaded here.
import { defineConfig } from 'prisma/config';
import { adapterFactory } from './prisma/adapter';
import { loadConfig } from './runtime/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    return adapterFactory(loadConfig().databaseUrl, { max: 2 });
  },
});
