/**
 * A keystroke's round trip measured without Berth: a shell over a raw exec
 * socket of the engine's own, the baseline the terminal suites set Berth's
 * echo against.
 */
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { now } from './context';

export interface EchoProbe {
  /** One round trip, in ms. */
  once(key: string): Promise<number>;
  close(): Promise<void>;
}

/** A shell over a raw exec socket, ready once its prompt is in: write a key, wait for its echo. */
export async function rawExecEcho(docker: Docker, id: string): Promise<EchoProbe> {
  const exec = await docker.getContainer(id).exec({ Cmd: ['sh'], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
  const socket = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
  await new Promise((resolve) => socket.once('data', resolve));
  return {
    once: (key) =>
      new Promise<number>((resolve) => {
        const t0 = now();
        socket.once('data', () => resolve(now() - t0));
        socket.write(key);
      }),
    close: async () => {
      socket.write('exit\n');
      socket.destroy();
    },
  };
}
