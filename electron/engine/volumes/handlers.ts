/** The Volumes page's requests, bound to one engine; backups and restores go through the app's transfer office. */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
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
        return transfers.stream(downloadName(name, path), () => openVolumeArchive(docker, name, path));
      },
      'volume.backup': async ({ name }) => {
        const docker = client();
        await inspectVolume(docker, name);
        return transfers.stream(backupName(name, new Date()), () => openVolumeArchive(docker, name, '/'));
      },
      'volume.restore': async (target) => {
        const docker = client();
        // Said now, before the user's file is sent; said again when it arrives, should the volume have changed meanwhile.
        await checkRestoreTarget(docker, target);
        return transfers.receive((body) => restoreVolume(docker, target, body));
      },
      'volume.clone': async ({ source, target, labels }) => {
        const docker = client();
        await cloneVolume(docker, source, { name: target, labels });
        return volumeFromJson(await inspectVolume(docker, target));
      },
    },
  };
}
