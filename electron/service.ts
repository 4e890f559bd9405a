/**
 * The one handler table behind both transports: each request and stream of
 * the contract, bound to the engine. Arguments arrive already validated by
 * the dispatcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { RemoteError } from '#shared/protocol';
import {
  publishedPortUrl,
  inspectContainer,
  killContainer,
  renameContainer,
  pauseContainer,
  removeContainer,
  restartContainer,
  startContainer,
  stopContainer,
  unpauseContainer,
} from './engine/containers';
import { resolveEndpoint } from './engine/endpoint';
import { Engine, type EngineOptions } from './engine/engine';
import { execHandlers, type ExecHandlers } from './engine/exec/handlers';
import { filesHandlers, type FilesHandlers } from './engine/files/handlers';
import { openStateStream } from './engine/state-stream';
import { runHandlers } from './engine/run/handlers';
import { statsHandlers } from './engine/stats/handlers';
import { logHandlers } from './engine/logs/handlers';
import type { Service } from './transport/dispatcher';

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The endpoint the docker CLI would use from this process's environment. */
export function endpointFromEnvironment() {
  return resolveEndpoint({ env: process.env, platform: process.platform, homedir: homedir(), readFile: readIfExists });
}

export interface EngineService {
  service: Service;
  engine: Engine;
  exec: ExecHandlers;
  files: FilesHandlers;
  stop(): Promise<void>;
}

export interface ServiceHost {
  /** Opens a URL that main built in the user's browser (Electron's one gate); browser mode has none. */
  openExternal?: (url: URL) => Promise<void>;
}

export function createEngineService(options: Partial<EngineOptions> = {}, { openExternal }: ServiceHost = {}): EngineService {
  const engine = new Engine({ resolveEndpoint: endpointFromEnvironment, ...options });
  engine.start();
  const run = runHandlers(engine);
  const stats = statsHandlers(engine);
  const exec = execHandlers(engine, openExternal);
  const files = filesHandlers(engine);
  const logs = logHandlers(engine);
  const service: Service = {
    requests: {
      'engine.info': async () => {
        const status = engine.status;
        if (status.state !== 'connected') {
          throw new RemoteError({ code: 'unavailable', message: status.state === 'unavailable' ? status.error : 'Still connecting to the engine' });
        }
        return status.info;
      },
      'engine.metrics': async () => engine.metrics(),
      'container.start': (args) => startContainer(engine, args),
      'container.stop': (args) => stopContainer(engine, args),
      'container.restart': (args) => restartContainer(engine, args),
      'container.pause': (args) => pauseContainer(engine, args),
      'container.unpause': (args) => unpauseContainer(engine, args),
      'container.kill': (args) => killContainer(engine, args),
      'container.rename': (args) => renameContainer(engine, args),
      'container.openPort': async (args) => {
        const url = await publishedPortUrl(engine, args);
        if (openExternal) await openExternal(url);
        return { url: url.href, opened: Boolean(openExternal) };
      },
      'container.remove': (args) => removeContainer(engine, args),
      'container.inspect': (args) => inspectContainer(engine, args),
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
