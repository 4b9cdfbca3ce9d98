/**
 * The web UI's build: `vite build --config web/vite.config.ts` writes `dist/web`, which the server serves
 * (src/http/web-ui.ts). `npm run dev` runs Vite's dev server with hot reload and proxies `/api` to a
 * running Verdict (VERDICT_API_URL, default http://127.0.0.1:8080). See docs/ui.md.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.VERDICT_UI_PORT ?? 5173),
    proxy: { '/api': { target: process.env.VERDICT_API_URL ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
});
