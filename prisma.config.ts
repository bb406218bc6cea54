// Prisma CLI configuration: the JS engine through the pg adapter, because native engines cannot be downloaded here.
import { defineConfig } from 'prisma/config';
import { adapterFactory, DEFAULT_DATABASE_URL } from './prisma/adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    return adapterFactory(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, { max: 2 });
  },
});
