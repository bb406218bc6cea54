// npm run audit:verify [-- --expect-head <chainSeq>:<hash>] [--batch N]
// Checks the audit log's hash chain (services/audit-chain.ts). Exit 0 when intact, its last line then
// `entries=N chainSeq=S hash=H`: record S:H somewhere the database's owners cannot write, and pass it back as
// --expect-head next time, so entries removed from the end show too. Exit 1 on the first broken link, 2 on
// bad arguments.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../runtime/config';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { parseChainHead, verifyAuditChain, type VerifyOptions } from '../services/audit-chain';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export function parseAuditVerifyArgs(argv: readonly string[]): VerifyOptions {
  const options: VerifyOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--expect-head':
        options.expectHead = parseChainHead(value());
        break;
      case '--batch': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--batch must be a positive integer');
        options.batchSize = n;
        break;
      }
      default:
        throw new Error(`unknown argument ${argv[i]} (usage: audit-verify.ts [--expect-head <chainSeq>:<hash>] [--batch N])`);
    }
  }
  return options;
}

/** The command itself; returns its exit code. */
export async function runAuditVerify(prisma: PrismaClient, argv: readonly string[], output: Output): Promise<number> {
  let options: VerifyOptions;
  try {
    options = parseAuditVerifyArgs(argv);
  } catch (error) {
    output.err(`audit:verify: ${(error as Error).message}`);
    return 2;
  }
  const report = await verifyAuditChain(prisma, options);
  if (report.break) {
    const b = report.break;
    output.err(`audit log BROKEN after ${report.checked} intact entries: ${b.message}`);
    output.err(`kind=${b.kind} chainSeq=${b.chainSeq ?? ''} id=${b.id ?? ''}`);
    return 1;
  }
  output.out(`audit log intact${options.expectHead ? `, recorded head ${options.expectHead.chainSeq} found` : ''}`);
  output.out(`entries=${report.checked} chainSeq=${report.head?.chainSeq ?? 0} hash=${report.head?.hash ?? ''}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const prisma = createPrisma(loadConfig().databaseUrl, { max: 1 });
  try {
    process.exitCode = await runAuditVerify(prisma, process.argv.slice(2), { out: console.log, err: console.error });
  } finally {
    await prisma.$disconnect();
  }
}
