/**
 * Starts bench/floor-server.mjs (the cold start's floor: see its header) and
 * waits for its ready line; builds the React floor's script for it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';
import { now, openPage, type BenchContext } from './context';
import { tableHolds } from './page';

/** The React floor's row in a suite's table. */
export const REACT_FLOOR_FIGURE =
  '… the React floor: the same server and rows, drawn by React as Berth draws them (no validation, no state, no socket; bench/floor-react.ts) (ms)';

let reactScript: Promise<string> | undefined;

/** bench/floor-react.ts bundled with React as Berth's renderer is (production, minified), once per run; its file. */
export function reactFloorScript(): Promise<string> {
  reactScript ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'berth-floor-react-'));
    await build({
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: true,
        modulePreload: false,
        rollupOptions: { input: join(import.meta.dirname, 'floor-react.ts'), output: { entryFileNames: 'floor.js' } },
      },
    });
    return join(outDir, 'floor.js');
  })();
  return reactScript;
}

export interface RunningFloor {
  url: string;
  stop(): Promise<void>;
}

export interface FloorOptions {
  /** One engine's Images page rather than the containers table. */
  images?: boolean;
  /** The page's rows drawn by React (reactFloorScript) rather than by plain DOM calls. */
  react?: boolean;
}

/** The floor of the containers table over `socketPaths`, or of one engine's Images page. */
export async function startFloor(socketPaths: string[], options: FloorOptions = {}): Promise<RunningFloor> {
  const react = options.react ? ['--react', await reactFloorScript()] : [];
  const args = [join(import.meta.dirname, 'floor-server.mjs'), ...(options.images ? ['--images'] : []), ...react, ...socketPaths];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Floor is ready: (\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code} before it was ready`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One cold start of the floor, in the same browser as Berth's: launch → its
 * table holds `rows` rows (ms). The React floor's script is built before the
 * clock starts.
 */
export async function timeFloor(context: BenchContext, socketPaths: string[], rows: number, options: FloorOptions = {}): Promise<number> {
  if (options.react) await reactFloorScript();
  const page = await openPage(context);
  const t0 = now();
  const floor = await startFloor(socketPaths, options);
  try {
    await page.goto(floor.url);
    return (await tableHolds(page, rows, undefined, options.images ? 'Images' : 'Containers')) - t0;
  } finally {
    await page.close();
    await floor.stop();
  }
}
