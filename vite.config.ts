import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one build served by Electron (app:// protocol) and by the loopback web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
