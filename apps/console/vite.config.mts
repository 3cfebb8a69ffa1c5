import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The console is served by the API at /console (apps/api/src/console/console-assets.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // Vite 8 compiles TSX with oxc; no React plugin (its Babel 8 peer clashes with Jest's Babel 7).
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  // `npm run console:dev`: Vite's dev server, the API on :3000 behind it.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
