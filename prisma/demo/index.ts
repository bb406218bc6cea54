// Demo data for the back office: build it (pure) or seed a database with it.
export { buildDemoData, DEFAULT_OFFICERS, DEFAULT_SEED, type BuildOptions, type DemoData } from './build';
export { REFERENCE_DATE } from './officers';
export { DEMO_CREDENTIALS, type DemoCredential, type DemoRole } from './users';
export { seedDemoData, writeDemoData, type SeedOptions, type SeedSummary } from './write';
