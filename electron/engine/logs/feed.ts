/**
 * One container's log, read from the engine for as long as the session
 * wants it: first what is already there (a plain read, so the end of the
 * history is known), then, when following, a follow read from where that
 * ended (resume.ts). When the container stops the engine ends the follow
 * read; the feed then waits for the container to start again, marks the
 * restart and reattaches, resuming again so no line is lost or shown twice.
 * Disposing it destroys the engine response: nothing is left reading.
 */
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import type { Container } from '#shared/model';
import type { LogState } from '#shared/logs';
import { engineMessage, statusCodeOf } from '../errors';
import { LogDecoder, type ParsedLine } from './demux';
import { ResumePoint } from './resume';

export interface FeedOptions {
  follow: boolean;
  tail?: number;
  since?: number;
  until?: number;
}

export interface FeedEvents {
  line(line: ParsedLine): void;
  /**
   * When given, the last PREVIEW_LINES lines of the history are read first
   * (a tail read the engine answers from the end of its file, at once) and
   * handed over whole, before the full history arrives line by line: a view
   * can show a long log's end while its start is still being read.
   */
  preview?(lines: ParsedLine[]): void;
  /** Everything that was there when the feed opened has been read, or the read failed and no more will come. */
  historyDone(): void;
  /** The container (re)started while followed: a marker line goes here. */
  started(at: number, restarted: boolean): void;
  state(state: LogState, detail: string): void;
}

export interface FeedHost {
  docker(): Docker;
  /** Calls back when the engine's view of this container changes; returns the unsubscribe. */
  watch(id: string, onChange: (container: Container | undefined) => void): () => void;
}

interface InspectJson {
  Id: string;
  Config?: { Tty?: boolean };
  State?: { Running?: boolean; Restarting?: boolean; StartedAt?: string; FinishedAt?: string };
}

/** The engine's "never" time. */
const ZERO_TIME = '0001-01-01T00:00:00Z';
const RETRY_MS = 1000;
/** Lines read ahead from the end of the history: a few screens' worth. */
export const PREVIEW_LINES = 1000;

export class ContainerFeed {
  private disposed = false;
  /** historyDone was told: the history is read, or will never be. */
  private historyTold = false;
  private response: IncomingMessage | undefined;
  /** What has been shown, per stream: where a follow read resumes. */
  private readonly resume = new ResumePoint();
  private startedAt: string | undefined;
  private wake: (() => void) | undefined;
  /** The engine reported a change since the last inspect. */
  private poked = false;
  private unwatch: (() => void) | undefined;

  constructor(
    readonly id: string,
    private readonly host: FeedHost,
    private readonly options: FeedOptions,
    private readonly events: FeedEvents,
  ) {}

  start(): void {
    void this.run().catch((error: unknown) => {
      if (this.disposed) return;
      // What was read of the history is all there will be: a merged log must not wait for the rest.
      this.historyDone();
      this.events.state('ended', `Could not read the log: ${engineMessage(error)}`);
    });
  }

  private historyDone(): void {
    if (this.historyTold) return;
    this.historyTold = true;
    this.events.historyDone();
  }

  dispose(): void {
    this.disposed = true;
    this.response?.destroy();
    this.response = undefined;
    this.unwatch?.();
    this.wake?.();
  }

  private async run(): Promise<void> {
    let info = await this.inspect();
    if (!info) {
      this.historyDone();
      this.events.state('ended', 'There is no such container.');
      return;
    }
    this.startedAt = info.State?.StartedAt;
    // The engine's events name containers by full id, whatever the user typed.
    const fullId = info.Id;
    const tty = info.Config?.Tty === true;
    const openedAt = Date.now() / 1000;
    this.events.state('loading', 'Reading the log…');
    const preview = this.events.preview;
    if (preview && (this.options.tail === undefined || this.options.tail > PREVIEW_LINES)) {
      const lines: ParsedLine[] = [];
      await this.read(
        tty,
        {
          follow: false,
          tail: PREVIEW_LINES,
          ...(this.options.since !== undefined && { since: this.options.since }),
          ...(this.options.until !== undefined && { until: this.options.until }),
        },
        (line) => lines.push(line),
      );
      if (this.disposed) return;
      preview(lines);
    }
    await this.read(tty, {
      follow: false,
      ...(this.options.tail !== undefined && { tail: this.options.tail }),
      ...(this.options.since !== undefined && { since: this.options.since }),
      ...(this.options.until !== undefined && { until: this.options.until }),
    });
    if (this.disposed) return;
    this.historyDone();
    if (!this.options.follow || this.options.until !== undefined) {
      this.events.state('ended', this.options.until !== undefined ? 'Showing lines up to the chosen time.' : 'Not following.');
      return;
    }
    this.unwatch = this.host.watch(fullId, () => {
      this.poked = true;
      this.wake?.();
    });
    let since = this.resume.since(this.options.since) ?? openedAt.toFixed(9);
    while (!this.disposed) {
      if (info.State?.StartedAt && this.startedAt !== info.State.StartedAt) {
        const restarted = this.startedAt !== undefined && this.startedAt !== ZERO_TIME;
        this.startedAt = info.State.StartedAt;
        this.events.started(Date.parse(info.State.StartedAt), restarted);
      }
      if (info.State?.Running) {
        this.events.state('following', 'Following.');
        await this.read(tty, { follow: true, since });
        since = this.resume.since(this.options.since) ?? since;
      } else {
        const finished = info.State?.FinishedAt && info.State.FinishedAt !== ZERO_TIME ? info.State.FinishedAt : undefined;
        this.events.state(
          'waiting',
          finished ? `The container stopped at ${finished}; following resumes when it starts.` : 'The container is not running; following starts when it does.',
        );
        // Woken by the engine's events for this container; the timer is a backstop for a dropped event stream.
        if (!this.poked) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = undefined;
            resolve();
          };
        });
      }
      if (this.disposed) return;
      this.poked = false;
      const next = await this.inspect().catch(async (error: unknown) => {
        this.events.state('waiting', `The engine is unavailable: ${engineMessage(error)}`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
        return info;
      });
      if (!next) {
        this.events.state('ended', 'The container was removed.');
        return;
      }
      info = next;
    }
  }

  private async inspect(): Promise<InspectJson | undefined> {
    try {
      return (await this.host.docker().getContainer(this.id).inspect()) as unknown as InspectJson;
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** One engine log read, to its end (or until disposed); its lines go to `onPreview` instead of the events when given. */
  private async read(
    tty: boolean,
    query: { follow: boolean; tail?: number; since?: number | string; until?: number },
    onPreview?: (line: ParsedLine) => void,
  ): Promise<void> {
    if (this.disposed) return;
    const docker = this.host.docker();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      docker.modem.dial(
        {
          path: `/containers/${encodeURIComponent(this.id)}/logs?`,
          method: 'GET',
          isStream: true,
          statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
          options: { ...query, stdout: true, stderr: true, timestamps: true },
        },
        (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as IncomingMessage)),
      );
    });
    if (this.disposed) {
      response.destroy();
      return;
    }
    this.response = response;
    // A resumed read starts a little before what was shown (resume.ts): those lines are not shown again.
    const isNew = typeof query.since === 'string' ? this.resume.newSince() : undefined;
    const decoder = new LogDecoder({ tty, timestamps: true }, onPreview ?? ((line) => {
      if (!Number.isNaN(line.ts)) {
        if (isNew && !isNew(line)) return;
        this.resume.shown(line);
      }
      this.events.line(line);
    }));
    await new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => decoder.push(chunk));
      const done = () => {
        response.removeAllListeners('data');
        resolve();
      };
      response.once('end', () => {
        decoder.end();
        done();
      });
      response.once('close', done);
      response.once('error', done);
    });
    if (this.response === response) this.response = undefined;
  }
}
