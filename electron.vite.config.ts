import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three parts. The main bundle has two entries: the
// Electron app (main.ts) and browser mode (serve.ts), which runs under plain
// Node and so must never import 'electron'.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundled rather than loaded from node_modules: Node 20 resolves and
      // reads each of zod's and ws's ~100 files separately, which took
      // ~150 ms of every start; one bundled chunk takes ~50.
      externalizeDeps: { exclude: ['zod', 'ws'] },
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'electron/main.ts'),
          serve: resolve(__dirname, 'electron/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle zod into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(__dirname, 'electron/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
