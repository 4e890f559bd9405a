/** The Volumes page's requests, bound to one engine; backups and restores go through the app's transfer office. */
import type Docker from 'dockerode';
import { RemoteError, type ErrorCode } from '#shared/protocol';
import type { RequestHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import type { Transfers } from '../files/transfers';
import { volumeFromJson } from '../normalise';
import { checkRestoreTarget, cloneVolume, listVolumeFolder, openVolumeArchive, restoreVolume, volumeContents } from './archive';
import { inspectVolume } from './helper';
import { createVolume, removeVolume, volumeSizes } from './manage';

type VolumeRequests = Pick<
  RequestHandlerTable,
  'volume.create' | 'volume.remove' | 'volume.sizes' | 'volume.contents' | 'volume.list' | 'volume.download' | 'volume.backup' | 'volume.restore' | 'volume.clone'
>;

/** A backup's file name: the volume's and when, as 20260102-030405 (no ":" that some file systems refuse). */
export function backupName(volume: string, at: Date): string {
  const stamp = at.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `${volume}-${stamp}.tar`;
}

function downloadName(volume: string, path: string): string {
  const base = path.replace(/\/+$/, '').split('/').pop();
  return `${base || volume}.tar`;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = { 'bad-request': 400, 'not-found': 404, conflict: 409 };

/** How a restore that came in over a transfer address ended: done, or why not in the user's words (the request's fault, or the engine's: 502). */
async function answer(work: () => Promise<void>): Promise<Response> {
  try {
    await work();
    return new Response(null, { status: 204 });
  } catch (error) {
    const status = error instanceof RemoteError ? (STATUS_BY_CODE[error.code] ?? 502) : 502;
    return new Response(`${error instanceof Error ? error.message : String(error)}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

export function volumeHandlers(engine: Engine, transfers: Transfers): { requests: VolumeRequests } {
  const client = (): Docker => {
    try {
      return engine.client();
    } catch (error) {
      throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
    }
  };
  return {
    requests: {
      'volume.create': (args) => createVolume(client(), args),
      'volume.remove': (args) => removeVolume(client(), args),
      'volume.sizes': () => volumeSizes(client()),
      'volume.contents': ({ name }) => volumeContents(client(), name),
      'volume.list': ({ name, path }) => listVolumeFolder(client(), name, path),
      'volume.download': async ({ name, path }) => {
        const docker = client();
        await inspectVolume(docker, name);
        return transfers.streamDownload(() => openVolumeArchive(docker, name, path), downloadName(name, path), 'application/x-tar');
      },
      'volume.backup': async ({ name }) => {
        const docker = client();
        await inspectVolume(docker, name);
        return transfers.streamDownload(() => openVolumeArchive(docker, name, '/'), backupName(name, new Date()), 'application/x-tar');
      },
      'volume.restore': async (target) => {
        const docker = client();
        // Said now, before the user's file is sent; said again when it arrives, should the volume have changed meanwhile.
        await checkRestoreTarget(docker, target);
        return transfers.receiveUpload((body) => answer(() => restoreVolume(docker, target, body)));
      },
      'volume.clone': async ({ source, target, labels }) => {
        const docker = client();
        await cloneVolume(docker, source, { name: target, labels });
        return volumeFromJson(await inspectVolume(docker, target));
      },
    },
  };
}
