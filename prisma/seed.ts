// Seeds the demo data: npx tsx prisma/seed.ts [--officers N] [--seed S] [--reset]
// Refuses (exit code 0, nothing written) when the database is already seeded, unless --reset is given: that
// recreates the schema (the audit log cannot be emptied, by design: its triggers refuse DELETE and TRUNCATE).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../runtime/config';
import { migrateDatabase } from '../runtime/migrate';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { createPrisma } from './db';
import { DEFAULT_OFFICERS, DEFAULT_SEED, DEMO_CREDENTIALS, seedDemoData } from './demo';

export { DEMO_CREDENTIALS, seedDemoData } from './demo';
export type { SeedOptions, SeedSummary } from './demo';

export interface SeedArgs {
  officers: number;
  seed: string;
  reset: boolean;
}

export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const args: SeedArgs = { officers: DEFAULT_OFFICERS, seed: DEFAULT_SEED, reset: false };
  for (let i = 0; i < argv.length; i++) {
    // Accept both "--officers 100" and "--officers=100".
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--officers': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new Error('--officers must be a non-negative integer');
        args.officers = n;
        break;
      }
      case '--seed':
        args.seed = value();
        break;
      case '--reset':
        args.reset = true;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (usage: seed.ts [--officers N] [--seed S] [--reset])`);
    }
  }
  return args;
}

/** An empty database for --reset: the schema dropped and migrated again, the built-in rule sets published. */
async function recreateSchema(url: string, prisma: ReturnType<typeof createPrisma>): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\?.*$/, '') });
  await admin.connect();
  try {
    await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  } finally {
    await admin.end();
  }
  await migrateDatabase(url);
  await publishBuiltInRuleSets(prisma);
  console.log('reset: schema recreated, migrations applied');
}

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  const url = loadConfig().databaseUrl;
  const prisma = createPrisma(url);
  try {
    console.log(`seeding ${new URL(url).pathname.slice(1)}: ${args.officers} officers, seed "${args.seed}"${args.reset ? ', reset' : ''}`);
    if (args.reset) await recreateSchema(url, prisma);
    const summary = await seedDemoData(prisma, { officers: args.officers, seed: args.seed, log: (line) => console.log(line) });
    if (!summary.seeded) {
      console.log('The database already holds demo data (Unit "HQ" exists): nothing written. Use --reset to empty it and seed again.');
      return;
    }
    const t = summary.timingsMs;
    console.log(`done in ${(t.total / 1000).toFixed(1)} s (build ${t.build} ms, password hashing ${t.hash} ms, write ${t.write} ms)`);
    console.log('demo log-ins:');
    for (const c of DEMO_CREDENTIALS) console.log(`  ${c.username.padEnd(14)} ${c.password.padEnd(17)} ${c.role.padEnd(11)} ${c.unit ?? '-'}`);
  } finally {
    await prisma.$disconnect();
  }
}

// Run only as a script, not when the start script or a test imports seedDemoData from here.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
