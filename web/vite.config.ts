// The web app: built into web/dist and served by the API process at /; `npm run dev:web` serves it with hot
// reload and forwards the API's paths to a running API (PORT, 3000 by default).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': api, '/docs': api, '/openapi.json': api, '/health': api } },
});
