// `npm run migrate` ends here: stores the shipped rule sets that are not in the database yet.
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { loadConfig } from './config';
import { createPrisma } from '../prisma/db';

const prisma = createPrisma(loadConfig().databaseUrl);
const published = await publishBuiltInRuleSets(prisma);
console.log(`rule sets: ${published} published`);
await prisma.$disconnect();
