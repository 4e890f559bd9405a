/**
 * The requests of every prune, bound to one engine: a preview read from the
 * engine and held in main (the Cleanup page's of everything, the Images and
 * Networks pages' of one scope), a delete of exactly the ticked items of a
 * preview, and pins that keep objects out of every cleanup.
 */
import type Docker from 'dockerode';
import { requireConfirmed } from '#shared/confirm';
import { RemoteError } from '#shared/protocol';
import type { RequestHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { memoryPins, type PinStore } from './pins';
import { PreviewBook } from './previews';
import { removeItems } from './remove';
import { previewScope } from './scopes';

export interface CleanupHandlers {
  requests: Pick<RequestHandlerTable, 'cleanup.preview' | 'cleanup.delete' | 'cleanup.pins' | 'cleanup.protect'>;
}

function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

/**
 * Whose pins: the daemon's own id, the same whichever context, socket or
 * address reaches it; an engine that has none (some Podman versions) by the
 * address Berth uses.
 */
async function engineKey(engine: Engine, docker: Docker): Promise<string> {
  const info = (await docker.info()) as { ID?: string };
  return info.ID || engine.status.endpoint.url;
}

export function cleanupHandlers(engine: Engine, pins: PinStore = memoryPins()): CleanupHandlers {
  const previews = new PreviewBook();
  return {
    requests: {
      'cleanup.preview': async ({ namedVolumes, scope }) => {
        const docker = clientOf(engine);
        try {
          const at = Date.now();
          const found = await previewScope(docker, scope, { namedVolumes, pinned: pins.pinned(await engineKey(engine, docker)) });
          const previewId = previews.hold(at, found.candidates);
          return {
            previewId,
            at,
            namedVolumes,
            scope,
            candidates: found.candidates.map(({ stamp: _stamp, parents: _parents, ...candidate }) => candidate),
            protected: found.protected,
          };
        } catch (error) {
          throw toRemoteError('Could not read what the engine could clean up', error);
        }
      },
      'cleanup.delete': async ({ previewId, items, confirmed }) => {
        requireConfirmed(confirmed, { kind: 'cleanup preview', id: previewId, names: [], also: [], alsoKind: 'item' });
        const docker = clientOf(engine);
        const preview = previews.take(previewId);
        if (preview === undefined) {
          throw new RemoteError({ code: 'conflict', message: 'Berth deleted nothing: this preview is used up or too old. Look again, then choose what to delete.' });
        }
        try {
          return await removeItems(docker, preview, items, { pinned: pins.pinned(await engineKey(engine, docker)) });
        } catch (error) {
          throw toRemoteError('Could not clean up', error);
        }
      },
      'cleanup.pins': async () => {
        const docker = clientOf(engine);
        try {
          return [...pins.list(await engineKey(engine, docker))];
        } catch (error) {
          throw toRemoteError('Could not read the pins', error);
        }
      },
      'cleanup.protect': async ({ kind, id, protect }) => {
        const docker = clientOf(engine);
        let key: string;
        try {
          key = await engineKey(engine, docker);
        } catch (error) {
          throw toRemoteError('Could not pin it', error);
        }
        pins.set(key, { kind, id }, protect);
        return null;
      },
    },
  };
}
