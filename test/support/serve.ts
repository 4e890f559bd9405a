/**
 * Starts browser mode as a user would (`node out/main/serve.js`, built by
 * `npm run build`) and waits for its one ready line. For e2e tests and the
 * benchmark. Its settings live in a folder of its own, removed when it stops:
 * an engine a test adds never reaches the user's settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningBerth {
  /** The address with the token, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const SERVE = join(import.meta.dirname, '../../out/main/serve.js');

export async function startServe(env: Record<string, string> = {}): Promise<RunningBerth> {
  if (!existsSync(SERVE)) throw new Error(`${SERVE} is missing: run \`npm run build\` first`);
  const settings = mkdtempSync(join(tmpdir(), 'berth-settings-'));
  const child = spawn(process.execPath, [SERVE], {
    env: { ...process.env, BERTH_PORT: '0', BERTH_CONFIG_DIR: settings, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('browser mode did not print its ready line within 20 s')), 20_000);
    lines.on('line', (line) => {
      const match = /^Berth is ready: (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code} before it was ready`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(settings, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
