// Lint: TypeScript's recommended rules everywhere; the rules of hooks in web/; in workflows/, the determinism
// rules Temporal needs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'test-results/**', 'prisma/generated/**', '.venv-temporal/**', '.data/**', 'coverage/**'] },
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
          { group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process', 'net'], message: 'Workflows do no I/O: call an activity.' },
          { group: ['../activities', '../activities/*', '../prisma/*', '../rules/*', 'pg', '@prisma/*'], allowTypeImports: true, message: 'Workflows import activities, rules and the database only as types.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No Date.now() in workflows: use time from history (workflowInfo or an activity result).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No new Date() in workflows: use time from history.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No Math.random() in workflows.' },
      ],
    },
  },
);
