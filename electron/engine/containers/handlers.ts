/** The containers' requests, bound to one engine: lifecycle, rename, remove, inspect, and a published port's address. */
import type { RequestHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import {
  inspectContainer,
  killContainer,
  pauseContainer,
  publishedPortUrl,
  removeContainer,
  renameContainer,
  restartContainer,
  startContainer,
  stopContainer,
  unpauseContainer,
} from './actions';

type ContainerRequest =
  | 'container.start'
  | 'container.stop'
  | 'container.restart'
  | 'container.pause'
  | 'container.unpause'
  | 'container.kill'
  | 'container.rename'
  | 'container.openPort'
  | 'container.remove'
  | 'container.inspect';

export function containerHandlers(
  engine: Engine,
  openExternal?: (url: URL) => Promise<void>,
): { requests: Pick<RequestHandlerTable, ContainerRequest> } {
  return {
    requests: {
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
    },
  };
}
