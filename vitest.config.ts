import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    globals: true,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real SQLite files, real HTTP servers and child processes: keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
