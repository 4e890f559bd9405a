// ESLint 9 flat config: recommended JS + TypeScript rules, React hooks in the
// renderer, the import boundaries that keep the layers honest (who may import
// whom), a few Electron-security bans from the checklist, and Microsoft's SDL
// rules (@microsoft/eslint-plugin-sdl).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import sdl from '@microsoft/eslint-plugin-sdl';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

// ---- Import boundaries ------------------------------------------------------
// One restriction list per area; ESLint replaces (does not merge) a rule's
// options when a later block matches the same file, so each block is whole.

const nodeBuiltins = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'Node built-ins do not exist here.' })),
  regex: { regex: '^node:', message: 'Node built-ins do not exist here.' },
};
const noDockerode = [
  { name: 'dockerode', message: 'Only electron/engine/ talks to the engine (dockerode).', allowTypeImports: true },
  { name: 'docker-modem', message: 'Only electron/engine/ talks to the engine.', allowTypeImports: true },
];
const noElectron = (why) => ({ name: 'electron', message: why });
const noIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'IPC goes through electron/transport/ipc.ts and electron/preload.ts only.',
};

const restrict = (paths, patterns = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const boundaries = [
  {
    // The contract: imports nothing of ours, nothing that runs on one side only.
    files: ['shared/**'],
    rules: restrict(
      [
        ...nodeBuiltins.paths.map((p) => ({ ...p, message: 'shared/ is pure: it runs in every process.' })),
        noElectron('shared/ is pure: it runs in every process.'),
        { name: 'dockerode', message: 'shared/ is pure: it runs in every process.' },
        { name: 'ws', message: 'shared/ is pure: it runs in every process.' },
      ],
      [
        { regex: '^node:', message: 'shared/ is pure: it runs in every process.' },
        { regex: '^react(-dom)?(/|$)', message: 'shared/ is pure: no UI.' },
        { regex: '^\\.\\.?/(.*/)?(electron|renderer)(/|$)', message: 'shared/ imports nothing of ours but shared/.' },
      ],
    ),
  },
  {
    // The renderer knows only the contract (shared/) and the browser.
    files: ['renderer/**'],
    rules: restrict(
      [
        ...nodeBuiltins.paths,
        noElectron('The renderer is sandboxed: it reaches the main process only through window.berth.'),
        { name: 'dockerode', message: 'The renderer never talks to the engine; use the client.' },
        { name: 'docker-modem', message: 'The renderer never talks to the engine; use the client.' },
        { name: 'ws', message: 'The renderer uses the browser WebSocket.' },
      ],
      [
        nodeBuiltins.regex,
        { regex: '^\\.\\.?/(.*/)?electron(/|$)', message: 'The renderer imports nothing from electron/: only shared/.' },
      ],
    ),
  },
  {
    // Main-process code in general: no engine access, no raw IPC.
    files: ['electron/**'],
    rules: restrict([...noDockerode, noIpc]),
  },
  {
    // The IPC doors.
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/transport/ipc.ts'],
    rules: restrict(noDockerode),
  },
  {
    // Runs under plain Node too (browser mode): never 'electron'.
    files: ['electron/serve.ts', 'electron/service.ts', 'electron/browser/**', 'electron/transport/ws.ts', 'electron/transport/dispatcher.ts'],
    rules: restrict([...noDockerode, noElectron('This runs under plain Node in browser mode: no electron.')]),
  },
  {
    // The engine: plain Node + dockerode, tested without Electron.
    files: ['electron/engine/**'],
    rules: restrict([noElectron('electron/engine/ is plain Node: it never imports electron.')]),
  },
  {
    // Tests and the benchmark run under Node (no Electron binary); only the
    // integration tests and the benchmark may drive the engine directly.
    files: ['test/**', 'bench/**'],
    rules: restrict([...noDockerode, noElectron('Tests run under plain Node: the Electron binary is not there.')]),
  },
  {
    files: ['test/integration/**', 'bench/**'],
    rules: restrict([noElectron('Tests run under plain Node: the Electron binary is not there.')]),
  },
];

// ---- Electron security checklist ------------------------------------------
const insecure = [
  {
    selector:
      "Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|webviewTag|allowRunningInsecureContent|experimentalFeatures|enableBlinkFeatures)$/][value.value=true]",
    message: 'Electron security checklist: keep this off.',
  },
  {
    selector: 'Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false]',
    message: 'Electron security checklist: keep this on.',
  },
  {
    // The rest of writing HTML (innerHTML, insertAdjacentHTML, document.write,
    // dangerouslySetInnerHTML) is banned by the SDL rules below.
    selector: "CallExpression[callee.property.name='createContextualFragment']",
    message: 'Untrusted text is rendered as text nodes, never HTML.',
  },
];
const openExternalBan = {
  selector: "CallExpression[callee.property.name='openExternal']",
  message: 'shell.openExternal goes through the one gate in electron/window.ts (http(s) only).',
};

// ---- Microsoft SDL ---------------------------------------------------------
// Its shareable configs, each on the code it is for. Its `typescript` config is
// not used: in 1.1.0 that export is the react config by mistake, and the rule
// it means (@typescript-eslint/no-implied-eval) needs type-aware linting.
// Core no-implied-eval (in `common`) does the job in TS too once it knows the
// timer functions and global objects are globals (TS files declare none, as
// no-undef is off there), hence `evalGlobals`.
const on = (files, configs) => configs.map((config) => ({ ...config, files }));
const nodeCode = ['electron/**', 'scripts/**', 'test/**', 'bench/**', '*.{js,mjs,ts}'];
const evalGlobals = Object.fromEntries(
  ['setTimeout', 'setInterval', 'setImmediate', 'execScript', 'window', 'global', 'globalThis'].map((name) => [name, 'readonly']),
);
const sdlConfigs = [
  ...sdl.configs.common,
  { files: ['**/*.{ts,tsx}'], languageOptions: { globals: evalGlobals } },
  ...on(nodeCode, sdl.configs.node),
  ...on(['electron/**'], sdl.configs.electron),
  ...on(['renderer/**/*.tsx'], sdl.configs.react),
  {
    // Plain http/ws to loopback is how browser mode and the tests talk to
    // Berth (it binds 127.0.0.1 only; TLS there protects nothing), on top of
    // the rule's own exceptions (which name only localhost).
    rules: {
      '@microsoft/sdl/no-insecure-url': [
        'error',
        {
          exceptions: [
            ...sdl.rules['no-insecure-url'].defaultExceptions.map((re) => re.source),
            '^(http|ws)://(127\\.0\\.0\\.1|localhost|\\[::1\\])([:/]|$)',
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks write http:// addresses on purpose: links the
    // terminal must check, foreign origins the guard must refuse, servers on
    // loopback ports. The rule guards what Berth itself fetches.
    files: ['test/**', 'bench/**'],
    rules: { '@microsoft/sdl/no-insecure-url': 'off' },
  },
];

export default defineConfig(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.bench/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...sdlConfigs,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', ...insecure, openExternalBan],
    },
  },
  {
    files: ['electron/window.ts'],
    rules: { 'no-restricted-syntax': ['error', ...insecure] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // Advice for the React Compiler, which Berth does not use.
    rules: { 'react-hooks/incompatible-library': 'off' },
  },
  ...boundaries,
  {
    // Plain JS files (configs and scripts) run under Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    // The one plain script the page runs (renderer/public/start-check.js): a browser's globals.
    files: ['renderer/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
);
