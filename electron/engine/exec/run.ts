/** A short exec without a TTY whose output and exit code we want (shell probes, cleanup). */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';

export interface ExecResult {
  code: number | null;
  output: string;
}

export async function runExec(docker: Docker, id: string, cmd: string[], options: { user?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const exec = await docker.getContainer(id).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    ...(options.user ? { User: options.user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  // Without a TTY the engine frames output (8-byte headers); demux keeps just the payloads.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, options.timeoutMs ?? 10_000);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const info = await exec.inspect();
  return { code: info.ExitCode ?? null, output: Buffer.concat(chunks).toString('utf8') };
}
