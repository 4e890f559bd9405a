import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * dockerode requires its BuildKit session (gRPC and protobuf, ~100 ms for
 * Node to load) and docker-modem its SSH agent (ssh2, ~50 ms) as they load,
 * though Berth never uses the first and uses the second only for an ssh://
 * engine; its tar-fs (with tar-stream, ~5 ms) packs only a build context,
 * which Berth never sends. With both packages bundled, those requires become
 * lazy: each module is loaded from node_modules on its first use. Its
 * BuildKit progress decoder (protobufjs, 290 kB: a third of the bundle that
 * every start parses) was already required lazily, but bundled all the same;
 * Berth reads build progress itself, so it now stays in node_modules too.
 * The build fails if any of these lines changes, rather than quietly loading
 * them again.
 */
function lazyDockerExtras(): Plugin {
  const rewrites = [
    {
      file: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/,
      from: "withSession = require('./session'),",
      to: "withSession = (...args) => require('dockerode/lib/session.js')(...args),",
    },
    {
      file: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/,
      from: "var buildkit = require('./buildkit');",
      to: "var buildkit = require('dockerode/lib/buildkit.js');",
    },
    {
      // tar-fs (and tar-stream under it) only packs a build context.
      file: /[\\/]dockerode[\\/]lib[\\/]util\.js$/,
      from: "var tar = require('tar-fs');",
      to: "var tar = { pack: (...args) => require('tar-fs').pack(...args) };",
    },
    {
      file: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/,
      from: "ssh = require('./ssh'),",
      to: "ssh = (...args) => require('docker-modem/lib/ssh.js')(...args),",
    },
  ];
  return {
    name: 'berth-lazy-docker-extras',
    transform(code, id) {
      const mine = rewrites.filter((r) => r.file.test(id));
      if (mine.length === 0) return null;
      return mine.reduce((text, rewrite) => {
        if (!text.includes(rewrite.from)) this.error(`${id} no longer has "${rewrite.from}": update lazyDockerExtras`);
        return text.replace(rewrite.from, rewrite.to);
      }, code);
    },
  };
}

// One build for the three parts. The main bundle has two entries: the
// Electron app (main.ts) and browser mode (serve.ts), which runs under plain
// Node and so must never import 'electron'.
export default defineConfig({
  main: {
    plugins: [lazyDockerExtras()],
    build: {
      outDir: 'out/main',
      // Bundled rather than loaded from node_modules: Node 20 resolves and
      // reads each of zod's and ws's ~100 files separately, which took
      // ~150 ms of every start; one bundled chunk takes ~50. dockerode and
      // docker-modem are bundled for lazyDockerExtras. ipaddr.js and
      // @balena/dockerignore are CommonJS: imported from node_modules, Node
      // scans their source for its exports, enough scanning that V8 also
      // optimises the scanner on a thread of its own: ~45 ms of CPU at every
      // start (175 -> 125 ms by "ready"), taken from a page loading on the
      // same two cores.
      externalizeDeps: { exclude: ['zod', 'ws', 'dockerode', 'docker-modem', 'ipaddr.js', '@balena/dockerignore'] },
      rollupOptions: {
        external: ['dockerode/lib/session.js', 'dockerode/lib/buildkit.js', 'docker-modem/lib/ssh.js', 'tar-fs'],
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
