import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/**
 * The same renderer as the desktop app, built as a plain web page into out/web. Only the entry differs: the
 * page's `window.api` is the HTTP bridge (src/web/bridge) instead of the Electron preload.
 */
const root = path.resolve(import.meta.dirname, 'src/renderer');

function webEntry(): Plugin {
  return {
    name: 'kad-web-entry',
    transformIndexHtml: {
      order: 'pre',
      // the bridge must be installed before the app reads window.api
      handler: (html) => html.replace('./src/main.tsx', '/@bridge/entry.ts'),
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), webEntry()],
  resolve: {
    alias: [{ find: /^\/@bridge\//, replacement: `${path.resolve(import.meta.dirname, 'src/web/bridge')}/` }],
  },
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
