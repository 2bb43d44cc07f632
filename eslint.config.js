import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'coverage', 'test-artifacts', 'bench-results', 'drizzle'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // A promise nobody awaits hides its failure and its timing: an un-awaited store.close() let a worker thread
    // write into a folder a test was already deleting. Type information is needed to see what returns a promise.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // A function longer than a screenful usually does several jobs; name each job as its own function.
    // Tests (describe blocks) and fixtures (data) are exempt. A longer function needs an entry of its own below
    // this block (its file and the reason it stays); none is needed today.
    files: ['src/main/core/**/*.ts'],
    ignores: ['src/main/core/**/*.test.ts', 'src/main/core/**/fixtures/**', 'src/main/core/**/test-helpers.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    // The core must run without Electron (tests, CLI, web bridge): only the shell may import it.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/app/**', 'src/main/index.ts', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only the Electron shell imports electron.' }] },
      ],
    },
  },
  {
    // The CLI is a front end like the app and the page: it reaches the core only through the composition root
    // (and the contract in src/shared), so every verb is a call of a service channel and nothing goes around it.
    // Tests may open the database to check what a CLI process left behind.
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the Electron shell imports electron.' }],
          patterns: [
            {
              regex: '(^|/)main/(?!core/compose$)',
              message: 'The CLI reaches the core only through src/main/core/compose (and the contract in src/shared).',
            },
          ],
        },
      ],
    },
  },
);
