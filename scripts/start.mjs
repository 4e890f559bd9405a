#!/usr/bin/env node
// `npm start` (after `npm run build`): run Berth in Electron when its binary is
// installed, else in browser mode (`node out/main/serve.js`).
//
// The binary is looked up without require('electron'): when it is missing,
// that call tries to download it, which cannot work offline.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : null;
  return binary && existsSync(binary) ? binary : null;
}

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
  });
}

const electron = electronBinary();
if (electron) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron, ['.'], env);
} else {
  console.log(
    "Electron's binary is not installed here (it could not be downloaded); starting Berth in browser mode instead.",
  );
  const serve = join(root, 'out', 'main', 'serve.js');
  if (!existsSync(serve)) {
    console.error('out/main/serve.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  run(process.execPath, [serve]);
}
