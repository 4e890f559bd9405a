/**
 * One engine's handler table: each request and stream of the contract, bound
 * to that engine. Arguments arrive already validated by the dispatcher.
 */
import { RemoteError } from '#shared/protocol';
import type { EngineHandlers, StreamHandlerTable, StreamSink } from '#shared/handlers';
import { cleanupHandlers } from './cleanup/handlers';
import type { PinStore } from './cleanup/pins';
import { containerHandlers } from './containers/handlers';
import { endpointFromEnvironment } from '../engines/machine';
import { Engine, type EngineOptions } from './engine';
import { execHandlers, type ExecHandlers } from './exec/handlers';
import { filesHandlers, type FilesHandlers } from './files/handlers';
import { imageHandlers } from './images/handlers';
import type { Transfers } from './files/transfers';
import { logHandlers } from './logs/handlers';
import { networkHandlers } from './networks/handlers';
import type { Credentials } from './jobs/auth';
import { jobsHandlers, type EngineJobs } from './jobs/handlers';
import { registryHandlers } from './registries/handlers';
import { runHandlers } from './run/handlers';
import { openStateStream } from './state-stream';
import { statsHandlers } from './stats/handlers';
import { timelineHandlers } from './timeline/handlers';
import { systemHandlers } from './system/handlers';
import { volumeHandlers } from './volumes/handlers';

export interface EngineService {
  service: EngineHandlers;
  engine: Engine;
  exec: ExecHandlers;
  files: FilesHandlers;
  jobs: EngineJobs;
  /** Ends every open stream (terminals, logs, stats, state) and the engine's connection. */
  stop(): Promise<void>;
}

export interface ServiceHost {
  /** Opens a URL that main built in the user's browser (Electron's one gate); browser mode has none. */
  openExternal?: (url: URL) => Promise<void>;
  /** The app's one ticket office for file transfers; an engine on its own gets its own. */
  transfers?: Transfers;
  /** The objects pinned against cleanups, kept in Berth's settings; an engine on its own keeps its pins in memory. */
  pins?: PinStore;
  /** The user's registry credentials, which pulls, pushes, builds and update checks send to the engine. */
  credentials?: Credentials;
}

/**
 * Every stream of the table, ended (with the reason) and disposed by stop():
 * a removed engine's terminals end their process, its logs let go of their
 * files, and no socket to it stays open for a view nobody can use.
 */
function endedOnStop(streams: StreamHandlerTable, open: Set<() => void>): StreamHandlerTable {
  const wrap =
    (handler: (args: unknown, sink: StreamSink<unknown>) => () => void) =>
    (args: unknown, sink: StreamSink<unknown>): (() => void) => {
      const endNow = () => {
        open.delete(endNow);
        dispose();
        sink.end(new RemoteError({ code: 'unavailable', message: 'This engine is no longer open in Berth.' }));
      };
      open.add(endNow);
      const dispose = handler(args, {
        data: (message) => sink.data(message),
        end: (error) => {
          open.delete(endNow);
          sink.end(error);
        },
        ready: () => sink.ready(),
        onReady: (listener) => sink.onReady(listener),
      });
      return () => {
        open.delete(endNow);
        dispose();
      };
    };
  const entries = Object.entries(streams) as [string, (args: unknown, sink: StreamSink<unknown>) => () => void][];
  return Object.fromEntries(entries.map(([name, handler]) => [name, wrap(handler)])) as unknown as StreamHandlerTable;
}

/** Without `resolveEndpoint`, the engine is the one the docker CLI would use from this process's environment. */
export function createEngineService(options: Partial<EngineOptions> = {}, { openExternal, transfers, pins, credentials }: ServiceHost = {}): EngineService {
  const engine = new Engine({ resolveEndpoint: endpointFromEnvironment, ...options });
  engine.start();
  const jobs = jobsHandlers(engine, credentials);
  const puller = async (image: string): Promise<void> => {
    const job = await jobs.pull(image).done;
    if (job.state === 'done') return;
    throw new RemoteError({ code: 'engine', message: job.error ?? `The pull of ${image} was cancelled` });
  };
  const run = runHandlers(engine, puller);
  const stats = statsHandlers(engine);
  const exec = execHandlers(engine, openExternal);
  const files = filesHandlers(engine, transfers);
  const logs = logHandlers(engine);
  const cleanup = cleanupHandlers(engine, pins);
  const timeline = timelineHandlers(engine);
  const openStreams = new Set<() => void>();
  const service: EngineHandlers = {
    requests: {
      'engine.info': async () => {
        const status = engine.status;
        if (status.state !== 'connected') {
          throw new RemoteError({ code: 'unavailable', message: status.state === 'unavailable' ? status.error : 'Still connecting to the engine' });
        }
        return status.info;
      },
      'engine.metrics': async () => engine.metrics(),
      ...containerHandlers(engine, openExternal).requests,
      ...run.requests,
      ...jobs.requests,
      ...registryHandlers(engine, credentials, puller).requests,
      ...stats.requests,
      ...exec.requests,
      ...files.requests,
      ...logs.requests,
      ...imageHandlers(engine, files.transfers).requests,
      ...cleanup.requests,
      ...networkHandlers(engine).requests,
      ...systemHandlers(engine).requests,
      ...volumeHandlers(engine, files.transfers).requests,
    },
    streams: endedOnStop(
      {
        state: (_args, sink) => openStateStream(engine, sink),
        ...jobs.streams,
        ...stats.streams,
        ...exec.streams,
        ...logs.streams,
        ...timeline.streams,
      },
      openStreams,
    ),
  };
  const stop = async () => {
    for (const end of [...openStreams]) {
      // One viewer failing as it is told cannot keep the others (or the connection) open.
      try {
        end();
      } catch (error) {
        console.error('berth: a stream of a closing engine failed as it ended', error);
      }
    }
    // A terminal ends its process in the engine before the connection goes.
    await exec.sessions.settled();
    // A pull, push or build of an engine Berth forgets is stopped, not left to run unseen.
    await jobs.manager.stop();
    await engine.stop();
  };
  return { service, engine, exec, files, jobs, stop };
}
