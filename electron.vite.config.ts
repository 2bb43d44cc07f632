import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Three builds: main (ESM, dependencies stay external and ship in node_modules — better-sqlite3 and the keyring
 * are native), preload (one self-contained CommonJS file: a sandboxed preload cannot require node_modules, so
 * zod and the contract are bundled in), renderer (UI's React app, root src/renderer).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // reports are written in a worker thread (core/exports/worker-host.ts loads it by this name)
          'export-worker': resolve(import.meta.dirname, 'src/main/core/exports/worker.ts'),
          // audits are evaluated in a worker thread (core/audit-worker/host.ts loads it by this name)
          'audit-worker': resolve(import.meta.dirname, 'src/main/core/audit-worker/worker.ts'),
          // history analytics and the health report are computed in a worker thread (core/history/worker-host.ts)
          'history-worker': resolve(import.meta.dirname, 'src/main/core/history/worker.ts'),
          // the sync runs in a worker thread of its own, started from this file (see core/sync/worker-host.ts)
          'sync-worker': resolve(import.meta.dirname, 'src/main/core/sync/worker.ts'),
          // store exports are read and checked in a worker thread (core/imports/read-export.ts loads it by this name)
          'import-worker': resolve(import.meta.dirname, 'src/main/core/imports/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      isolatedEntries: true,
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
  },
});
