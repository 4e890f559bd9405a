/**
 * HTTP to an engine over the system's ssh, as the docker CLI does it: each
 * connection is one `ssh … -- host docker system dial-stdio` process whose
 * stdin and stdout carry the bytes. An http.Agent with keep-alive, so a round
 * of requests reuses a few ssh processes instead of opening a session each
 * (the event stream and each followed log hold one of their own). ssh's own
 * words (stderr) become the error: "Permission denied (publickey)", "Host key
 * verification failed". close() ends every ssh process it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';
import type { SshTarget } from './endpoint';
import { sshCommand, type SshCommand } from './ssh-command';

/** An idle kept-alive ssh process ends after this long. */
const IDLE_MS = 30_000;
/** Idle ssh processes kept for the next request. */
const MAX_IDLE = 4;
/** Enough of ssh's stderr to hold its last words. */
const STDERR_KEEP = 4096;

/** One ssh process's stdio as the socket an HTTP request runs on. */
class SshStream extends Duplex {
  /** What Node's http.Agent reads and sets (net.Socket's idle timeout). */
  timeout = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private stderr = '';
  private readonly child: ChildProcess;

  constructor(
    private readonly ssh: SshCommand,
    private readonly host: string,
  ) {
    super();
    this.child = spawn(ssh.command, ssh.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const { stdin, stdout, stderr } = this.child;
    stdout!.on('data', (chunk: Buffer) => {
      this.touch();
      if (!this.push(chunk)) stdout!.pause();
    });
    stderr!.setEncoding('utf8');
    stderr!.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP);
    });
    // A write after ssh has gone fails with EPIPE; the exit below says why it went.
    stdin!.on('error', () => undefined);
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'ENOENT'
          ? `the ssh command "${ssh.command}" was not found (install OpenSSH, or name it in BERTH_SSH_COMMAND)`
          : `could not run "${ssh.command}": ${error.message}`;
      this.destroy(Object.assign(new Error(`ssh to ${host}: ${why}`), { code: error.code }));
    });
    this.child.on('close', (code, signal) => {
      if (this.destroyed) return;
      if (code === 0) {
        this.push(null);
        return;
      }
      const said = this.stderr.trim().split('\n').filter(Boolean).slice(-3).join('; ');
      const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
      this.destroy(new Error(said ? `ssh to ${host}: ${said}` : `ssh to ${host} ${how}`));
    });
  }

  /** The process, for tests that check none outlives its connection. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.touch();
    if (this.child.stdin?.writable) this.child.stdin.write(chunk, () => done());
    else done(new Error(`ssh to ${this.host} has closed`));
  }

  override _final(done: (error?: Error | null) => void): void {
    this.child.stdin?.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    done(error);
  }

  // What http's Agent and ClientRequest call on a socket (net.Socket's API): 0 turns the idle timeout off and takes its listener away.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.timeout = ms;
    if (onTimeout) {
      if (ms === 0) this.removeListener('timeout', onTimeout);
      else this.once('timeout', onTimeout);
    }
    this.touch();
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) refOf(handle)?.ref();
    return this;
  }

  /** An idle kept-alive connection must not keep Node running. */
  unref(): this {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) refOf(handle)?.unref();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.timeout > 0) this.idleTimer = setTimeout(() => this.emit('timeout'), this.timeout);
  }
}

interface Refable {
  ref(): void;
  unref(): void;
}

/** The child and its pipes (net.Sockets) can be (un)referenced; the stream types do not say so. */
function refOf(handle: unknown): Refable | undefined {
  return typeof handle === 'object' && handle !== null && 'unref' in handle && 'ref' in handle ? (handle as Refable) : undefined;
}

export class SshDialer extends Agent {
  private readonly streams = new Set<SshStream>();
  private readonly ssh: SshCommand;

  constructor(
    private readonly target: SshTarget,
    commandSetting: string | undefined = process.env.BERTH_SSH_COMMAND,
  ) {
    super({ keepAlive: true, maxFreeSockets: MAX_IDLE, timeout: IDLE_MS });
    this.ssh = sshCommand(target, commandSetting);
  }

  override createConnection(): Duplex {
    const stream = new SshStream(this.ssh, this.target.host);
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    return stream;
  }

  /** The pids of the ssh processes running now (tests check none outlives close()). */
  pids(): number[] {
    return [...this.streams].flatMap((stream) => (stream.pid === undefined ? [] : [stream.pid]));
  }

  /** Ends every ssh process this dialer started, in use or idle, and those a terminal took over (hijacked). */
  close(): void {
    this.destroy();
    for (const stream of this.streams) stream.destroy();
  }
}
