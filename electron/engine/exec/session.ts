/**
 * Terminal sessions: a shell run with `docker exec` and a TTY, or an attach
 * to a container's own TTY, wired to a stream sink.
 *
 * Ending a session means ending its process in the engine: closing an exec's
 * socket leaves the shell running (DESIGN.md). Each exec carries a random tag
 * in its environment (BERTH_EXEC=<session>), which its children inherit; on
 * close a second, short exec sends SIGHUP to every process with that tag,
 * then SIGKILL to whatever still runs, and exec inspect confirms. (The Pid
 * exec inspect reports is the host's, not the container's, so it cannot be
 * used from inside the container.) An attach is detached with the detach
 * keys, which leaves the container running.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecMessage, ExecOpen } from '#shared/exec';
import type { StreamSink } from '#shared/handlers';
import { RemoteError } from '#shared/protocol';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { runExec } from './run';
import { detectShells } from './shells';

/** Sent on close of an attach; the engine detaches on it and leaves the container running. */
const DETACH_KEYS = 'ctrl-p,ctrl-q';
const DETACH_BYTES = '\x10\x11';

const KILL_SCRIPT = [
  't="BERTH_EXEC=$1"',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}; [ "$p" = "$$" ] && continue',
  '  if tr "\\0" "\\n" < "$d/environ" 2>/dev/null | grep -qxF "$t"; then kill -"$2" "$p" 2>/dev/null; fi',
  'done; true',
].join('\n');

interface ContainerStateJson {
  State?: { Running?: boolean; Restarting?: boolean; StartedAt?: string; ExitCode?: number };
  Config?: { Tty?: boolean; OpenStdin?: boolean };
  Name?: string;
}

function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

export class Session {
  readonly id = randomUUID();
  private socket: Duplex | undefined;
  private exec: Docker.Exec | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private flushScheduled = false;
  private offReady: (() => void) | undefined;
  private finished = false;
  private closing = false;
  private startedAt: string | undefined;
  /** Settles when the engine side is fully ended (for tests and the benchmark). */
  ended: Promise<void>;
  private markEnded!: () => void;

  constructor(
    private readonly docker: Docker,
    private readonly args: ExecOpen,
    private readonly sink: StreamSink<ExecMessage>,
    private readonly forget: (session: Session) => void,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  get containerId(): string {
    return this.args.id;
  }

  async start(): Promise<void> {
    const container = this.docker.getContainer(this.args.id);
    let json: ContainerStateJson;
    try {
      json = (await container.inspect()) as ContainerStateJson;
    } catch (error) {
      throw toRemoteError('Could not open a terminal', error);
    }
    const name = (json.Name ?? this.args.id).replace(/^\//, '');
    if (!json.State?.Running) {
      throw new RemoteError({ code: 'conflict', message: `${name} is not running: start it to open a terminal.` });
    }
    this.startedAt = json.State.StartedAt;
    const { cols, rows } = this.args;
    let shell: string | null = null;
    try {
      if (this.args.mode === 'attach') {
        if (!json.Config?.Tty || !json.Config.OpenStdin) {
          throw new RemoteError({
            code: 'conflict',
            message: `${name} was not started with a TTY and open input (docker run -it): there is no terminal to attach to. Open a shell instead.`,
          });
        }
        this.socket = (await container.attach({
          stream: true,
          stdin: true,
          stdout: true,
          stderr: true,
          hijack: true,
          detachKeys: DETACH_KEYS,
        } as Docker.ContainerAttachOptions)) as unknown as Duplex;
        await container.resize({ h: rows, w: cols }).catch(() => undefined);
      } else {
        shell = this.args.shell ?? (await detectShells(this.docker, this.args.id)).preferred;
        if (shell === null) {
          throw new RemoteError({ code: 'not-found', message: `${name} has none of bash, sh or ash; type the path of a shell it has.` });
        }
        this.exec = await container.exec({
          Cmd: [shell],
          AttachStdin: true,
          AttachStdout: true,
          AttachStderr: true,
          Tty: true,
          Env: ['TERM=xterm-256color', `BERTH_EXEC=${this.id}`],
          ...(this.args.user ? { User: this.args.user } : {}),
          ...(this.args.workdir ? { WorkingDir: this.args.workdir } : {}),
        });
        this.socket = (await this.exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
        await this.exec.resize({ h: rows, w: cols }).catch(() => undefined);
      }
    } catch (error) {
      throw toRemoteError(`Could not open a terminal in ${name}`, error);
    }
    const socket = this.socket;
    socket.on('data', (chunk: Buffer) => this.onOutput(chunk));
    this.offReady = this.sink.onReady(() => this.flush());
    socket.on('end', () => void this.onEngineEnd());
    socket.on('close', () => void this.onEngineEnd());
    socket.on('error', () => void this.onEngineEnd());
    if (this.closing) {
      await this.shutdown();
      return;
    }
    this.sink.data({ type: 'started', session: this.id, shell });
  }

  /** start() failed: nothing to end in the engine. */
  failed(): void {
    this.finished = true;
    this.markEnded();
  }

  write(data: string): void {
    if (this.finished || this.closing) throw new RemoteError({ code: 'conflict', message: 'This terminal session has ended.' });
    this.socket?.write(Buffer.from(data, 'utf8'));
  }

  async resize(cols: number, rows: number): Promise<void> {
    try {
      if (this.exec) await this.exec.resize({ h: rows, w: cols });
      else await this.docker.getContainer(this.args.id).resize({ h: rows, w: cols });
    } catch (error) {
      if (!this.finished) throw toRemoteError('Could not resize the terminal', error);
    }
  }

  private onOutput(chunk: Buffer): void {
    this.pending += this.decoder.decode(chunk, { stream: true });
    this.scheduleFlush();
  }

  /** Output coalesces per turn of the event loop: one message for what arrived together. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Without credit the output is never dropped: the engine's stream is
   * paused (the engine, then the shell, wait on a full pipe) and what was
   * read waits here until onReady. Once the engine has ended, what is left
   * goes out regardless: it is the session's last output.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (!this.finished && !this.sink.ready()) {
      this.socket?.pause();
      return;
    }
    this.socket?.resume();
    if (this.pending === '' || this.closing) return;
    const data = this.pending;
    this.pending = '';
    this.sink.data({ type: 'output', data });
  }

  /** The engine closed the stream: the shell exited, or the container stopped. */
  private async onEngineEnd(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.offReady?.();
    this.pending += this.decoder.decode();
    if (this.pending !== '') this.flush();
    this.forget(this);
    if (this.closing) return; // closed by us; close() finishes the job
    try {
      const inspect = async () => (await this.docker.getContainer(this.args.id).inspect().catch(() => null)) as ContainerStateJson | null;
      let container = await inspect();
      const sameRun = (c: ContainerStateJson | null) => c?.State?.Running === true && c.State.StartedAt === this.startedAt;
      if (this.args.mode === 'exec' && sameRun(container)) {
        if (await this.containerOutlived(container!)) {
          const info = await this.exec?.inspect().catch(() => null);
          this.sink.data({ type: 'exited', code: info?.ExitCode ?? null });
          return;
        }
        container = await inspect();
      }
      if (sameRun(container)) this.sink.data({ type: 'ended', reason: 'The engine ended the attach.' });
      else if (container?.State?.Running || container?.State?.Restarting) this.sink.data({ type: 'ended', reason: 'The container restarted; this session ended.' });
      else if (!container) this.sink.data({ type: 'ended', reason: 'The container was removed; this session ended.' });
      else if (this.args.mode === 'attach') this.sink.data({ type: 'exited', code: container.State?.ExitCode ?? null });
      else this.sink.data({ type: 'ended', reason: 'The container stopped; this session ended.' });
    } finally {
      this.sink.end();
      this.markEnded();
    }
  }

  /**
   * A shell killed by a signal may have died with its container (a stop sends
   * the signal before the engine says the container stopped): watch the
   * container a moment before saying the shell exited by itself.
   */
  private async containerOutlived(container: ContainerStateJson): Promise<boolean> {
    const info = await this.exec?.inspect().catch(() => null);
    const code = info?.ExitCode;
    if (typeof code === 'number' && code < 128) return true;
    let current: ContainerStateJson | null = container;
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await this.docker.getContainer(this.args.id).inspect().catch(() => null)) as ContainerStateJson | null;
      if (current?.State?.Running !== true || current.State.StartedAt !== this.startedAt) return false;
    }
    return true;
  }

  /** The user closed the terminal: end its process in the engine, then let go of the socket. */
  close(): Promise<void> {
    this.closing = true;
    this.offReady?.();
    this.forget(this);
    // Still starting: start() shuts down as soon as it has the socket.
    if (!this.socket) return this.ended;
    return this.shutdown();
  }

  private shutdownDone: Promise<void> | undefined;

  private shutdown(): Promise<void> {
    this.shutdownDone ??= this.endInEngine();
    return this.shutdownDone;
  }

  private async endInEngine(): Promise<void> {
    const socket = this.socket;
    try {
      if (this.args.mode === 'attach') {
        if (!this.finished) socket?.write(DETACH_BYTES);
      } else if (!this.finished || (await this.running())) {
        await this.killTagged();
      }
    } catch (error) {
      console.error('berth: could not end a terminal session cleanly', error);
    } finally {
      // Let the engine read the detach keys before the socket goes.
      if (this.args.mode === 'attach') await new Promise((r) => setTimeout(r, 50));
      socket?.destroy();
      this.finished = true;
      this.markEnded();
    }
  }

  private async running(): Promise<boolean> {
    const info = await this.exec?.inspect().catch(() => null);
    return info?.Running === true;
  }

  private async killTagged(): Promise<void> {
    for (const signal of ['HUP', 'KILL']) {
      if (!(await this.running())) return;
      // As the session's own user: reading another user's environ needs CAP_SYS_PTRACE, which containers lack.
      const user = this.args.mode === 'exec' ? this.args.user : undefined;
      await runExec(this.docker, this.args.id, ['sh', '-c', KILL_SCRIPT, 'sh', this.id, signal], user ? { user } : {}).catch(() => null);
      for (let i = 0; i < 20 && (await this.running()); i++) await new Promise((r) => setTimeout(r, 25));
    }
    if (await this.running()) console.error(`berth: a terminal's process is still running in ${this.args.id} after SIGKILL`);
  }
}

export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly engine: Engine) {}

  open(args: ExecOpen, sink: StreamSink<ExecMessage>): () => void {
    const session = new Session(clientOf(this.engine), args, sink, (s) => this.sessions.delete(s.id));
    let disposed = false;
    session.start().then(
      () => {
        if (!disposed) this.sessions.set(session.id, session);
      },
      (error: unknown) => {
        session.failed();
        sink.end(error);
      },
    );
    return () => {
      disposed = true;
      const done = session.close();
      this.closing.add(done);
      void done.finally(() => this.closing.delete(done));
    };
  }

  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new RemoteError({ code: 'not-found', message: 'This terminal session has ended.' });
    return session;
  }

  /** Sessions open now (leak checks). */
  count(): number {
    return this.sessions.size;
  }

  /** Resolves when every close started so far has finished its work in the engine. */
  async settled(): Promise<void> {
    await Promise.all([...this.closing]);
  }
}
