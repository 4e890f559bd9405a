/** The Files tab's requests, bound to the engine, and the transfers behind their addresses. */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { RequestHandlerTable } from '../../transport/dispatcher';
import type { Engine } from '../engine';
import { listFolder } from './list';
import { Transfers } from './transfers';

export interface FilesHandlers {
  requests: Pick<RequestHandlerTable, 'files.list' | 'files.download' | 'files.upload'>;
  transfers: Transfers;
}

export function filesHandlers(engine: Engine): FilesHandlers {
  const client = (): Docker => {
    try {
      return engine.client();
    } catch (error) {
      throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
    }
  };
  const transfers = new Transfers(client);
  return {
    transfers,
    requests: {
      'files.list': ({ id, path }) => listFolder(client(), id, path),
      'files.download': async ({ id, path }) => {
        client();
        return transfers.download(id, path);
      },
      'files.upload': async ({ id, path, names }) => {
        client();
        return transfers.upload(id, path, names);
      },
    },
  };
}
