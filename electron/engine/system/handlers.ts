/** The engine page's requests, bound to one engine: its info and version, and its disk usage on demand. */
import type { RequestHandlerTable } from '#shared/handlers';
import { clientOf } from '../client-of';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { diskUsage, type DiskUsageJson } from './disk-usage';
import { systemInfo, type FullInfoJson, type FullVersionJson } from './info';

export function systemHandlers(engine: Engine): { requests: Pick<RequestHandlerTable, 'system.info' | 'system.df'> } {
  return {
    requests: {
      'system.info': async () => {
        const docker = clientOf(engine);
        try {
          const [version, info] = await Promise.all([docker.version() as Promise<FullVersionJson>, docker.info() as Promise<FullInfoJson>]);
          return systemInfo(version, info);
        } catch (error) {
          throw toRemoteError('Could not read the engine’s info', error);
        }
      },
      'system.df': async () => {
        const docker = clientOf(engine);
        const started = performance.now();
        try {
          const json = (await docker.df()) as DiskUsageJson;
          return diskUsage(json, Math.round(performance.now() - started));
        } catch (error) {
          throw toRemoteError('Could not read the engine’s disk usage', error);
        }
      },
    },
  };
}
