// Lint: TypeScript's recommended rules everywhere; the rules of hooks in web/; in workflows/, the determinism
// rules Temporal needs; and what may import what (README, "Architecture"): workflows import only Temporal's
// workflow API, pure domain modules and contracts; activities and services reach workflows only through their
// contract modules; the API reaches Temporal only through the services; domain/ imports nothing else.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** An import path that climbs out of its folder into one of these top-level folders. */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const tests = ['**/*.test.ts'];
/** Outside workflows/, only a workflow's contract module: a workflow file belongs to the workflow sandbox. */
const contractsOnly = {
  regex: '^(\\.\\./)+workflows/(?!contracts$|[\\w-]+/contract$)',
  message: "Only a workflow's contract module (workflows/<name>/contract.ts, workflows/contracts.ts): a workflow file belongs to the workflow sandbox.",
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.scratch/**', 'web/dist/**', 'test-results/**', 'prisma/generated/**', '.venv-temporal/**', '.venv-schemathesis/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web app: the rules of hooks (a hook called conditionally breaks React's state silently).
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(?!@temporalio/(workflow|common)$|\\.{1,2}/)', message: 'Workflows do no I/O and load no library but Temporal\'s workflow API: call an activity.' },
          { regex: into('activities'), allowTypeImports: true, message: 'Workflows import activities only as types (proxyActivities<Activities>).' },
          { regex: into('services', 'api', 'rules', 'prisma', 'runtime', 'scripts', 'test', 'bench', 'web'), message: 'Workflows import only pure modules (domain/) and the contracts.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No Date.now() in workflows: use time from history (workflowInfo or an activity result).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No new Date() in workflows: use time from history.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No Math.random() in workflows.' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          contractsOnly,
          { regex: into('api', 'runtime'), message: 'Activities are called by the worker, never the other way round.' },
        ],
      }],
    },
  },
  {
    files: ['services/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          contractsOnly,
          { regex: into('api', 'runtime', 'activities'), message: 'Services are called by the API and the activities, never the other way round.' },
        ],
      }],
    },
  },
  {
    files: ['api/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: into('workflows'), message: 'The API reaches workflows through the services (services/workflow-gateway.ts).' },
          { regex: into('activities'), message: 'Activities are for the worker; the API calls the services.' },
        ],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\.\\./', message: 'domain/ is pure: it imports nothing from the other folders.' },
          { regex: '^(?!\\./|seedrandom$)', message: 'domain/ is pure: no I/O, no Node built-ins, no heavy library (documents belong in services/documents/).' },
        ],
      }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: into('api', 'services', 'activities', 'workflows', 'prisma', 'runtime'), message: 'Rule sets and their engine are data and pure functions: the services load and run them.' }],
      }],
    },
  },
);
