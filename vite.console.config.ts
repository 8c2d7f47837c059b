import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The HQ console (issue 14): a second React app, served by HQ itself at /console.
export default defineConfig({
  root: 'renderer/console',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
