/**
 * One engine's handler table: each request and stream of the contract, bound
 * to that engine. Arguments arrive already validated by the dispatcher.
 */
import { RemoteError } from '#shared/protocol';
import type { EngineHandlers } from '#shared/handlers';
import { containerHandlers } from './containers/handlers';
import { endpointFromEnvironment } from '../engines/machine';
import { Engine, type EngineOptions } from './engine';
import { execHandlers, type ExecHandlers } from './exec/handlers';
import { filesHandlers, type FilesHandlers } from './files/handlers';
import type { Transfers } from './files/transfers';
import { logHandlers } from './logs/handlers';
import { runHandlers } from './run/handlers';
import { openStateStream } from './state-stream';
import { statsHandlers } from './stats/handlers';

export interface EngineService {
  service: EngineHandlers;
  engine: Engine;
  exec: ExecHandlers;
  files: FilesHandlers;
  stop(): Promise<void>;
}

export interface ServiceHost {
  /** Opens a URL that main built in the user's browser (Electron's one gate); browser mode has none. */
  openExternal?: (url: URL) => Promise<void>;
  /** The app's one ticket office for file transfers; an engine on its own gets its own. */
  transfers?: Transfers;
}

/** Without `resolveEndpoint`, the engine is the one the docker CLI would use from this process's environment. */
export function createEngineService(options: Partial<EngineOptions> = {}, { openExternal, transfers }: ServiceHost = {}): EngineService {
  const engine = new Engine({ resolveEndpoint: endpointFromEnvironment, ...options });
  engine.start();
  const run = runHandlers(engine);
  const stats = statsHandlers(engine);
  const exec = execHandlers(engine, openExternal);
  const files = filesHandlers(engine, transfers);
  const logs = logHandlers(engine);
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
      ...stats.requests,
      ...exec.requests,
      ...files.requests,
      ...logs.requests,
    },
    streams: {
      state: (_args, sink) => openStateStream(engine, sink),
      ...run.streams,
      ...stats.streams,
      ...exec.streams,
      ...logs.streams,
    },
  };
  return { service, engine, exec, files, stop: () => engine.stop() };
}
