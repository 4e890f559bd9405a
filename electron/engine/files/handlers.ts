/** The Files tab's requests, bound to one engine, and the transfers behind their addresses. */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { RequestHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { listFolder } from './list';
import { requireReplaceConfirmed } from './overwrite';
import { Transfers } from './transfers';

export interface FilesHandlers {
  requests: Pick<RequestHandlerTable, 'files.list' | 'files.download' | 'files.upload'>;
  transfers: Transfers;
}

/** `transfers` is the app's one ticket office (every engine's tickets answer on the same /files/ route). */
export function filesHandlers(engine: Engine, transfers = new Transfers()): FilesHandlers {
  const client = (): Docker => {
    try {
      return engine.client();
    } catch (error) {
      throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
    }
  };
  return {
    transfers,
    requests: {
      'files.list': ({ id, path }) => listFolder(client(), id, path),
      'files.download': async ({ id, path }) => {
        client();
        return transfers.download(client, id, path);
      },
      'files.upload': async ({ id, path, names, replace }) => {
        await requireReplaceConfirmed(client(), id, path, names, replace);
        return transfers.upload(client, id, path, names, replace);
      },
    },
  };
}
