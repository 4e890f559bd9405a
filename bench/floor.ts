/**
 * Starts bench/floor-server.mjs (the cold start's floor: see its header) and
 * waits for its ready line.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningFloor {
  url: string;
  stop(): Promise<void>;
}

/** The floor of the containers table over `socketPaths`, or with `images` of one engine's Images page. */
export async function startFloor(socketPaths: string[], images = false): Promise<RunningFloor> {
  const args = [join(import.meta.dirname, 'floor-server.mjs'), ...(images ? ['--images'] : []), ...socketPaths];
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
