/**
 * One volume's page: what it is, who uses it, its size on demand, back up,
 * restore into it, clone, remove, and its files, read-only, through the
 * helper container main makes and removes for each look.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { OnDemand } from '../../components/OnDemand';
import { isAnonymousVolumeName } from '#shared/confirm';
import { RelativeTime } from '../../components/LiveTime';
import { useEngineId } from '../../engines/scope';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { startDownload } from '../../transport/download';
import { FileBrowser, type FilePlace } from '../files/FilesView';
import { VolumeUsers } from './VolumesView';
import { CloneVolumeDialog, RemoveVolumeDialog, RestoreVolumeDialog } from './VolumeDialogs';
import { useSizeStore, useVolumeSize } from './usage';
import { ProtectToggle } from '../cleanup/ProtectToggle';

type Dialog = 'restore' | 'clone' | 'remove' | null;

export function VolumePage({ name }: { name: string }): ReactNode {
  const client = useClient();
  const engine = useEngineId();
  const volume = useEngineStore((store) => store.volumes.byId.get(name));
  const loaded = useEngineStore((store) => store.status !== null);
  const size = useVolumeSize(name);
  const setSizes = useSizeStore((store) => store.set);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [removed, setRemoved] = useState(false);
  const action = useAction();
  const place = useMemo<FilePlace>(
    () => ({
      key: name,
      list: (path) => client.call('volume.list', { name, path }),
      download: (path) => client.call('volume.download', { name, path }),
    }),
    [client, name],
  );

  if (volume === undefined) {
    if (!loaded) return <p className="muted">Loading…</p>;
    return (
      <section className="view">
        <h1>Volume {name}</h1>
        <p>{removed ? 'The volume was removed.' : 'There is no such volume on this engine (it may have been removed).'}</p>
        <a href={href(paths.volumes(engine))}>Back to volumes</a>
      </section>
    );
  }
  const anonymous = isAnonymousVolumeName(name);
  const backup = (): void =>
    void action.run(async () => {
      const { url, name: file } = await client.call('volume.backup', { name });
      startDownload(url, file);
    }, 'Backup failed');
  return (
    <section className="view detail" aria-labelledby="volume-heading">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={href(paths.volumes(engine))}>Volumes</a> /
      </nav>
      <h1 id="volume-heading">
        Volume {anonymous ? `${name.slice(0, 12)}…` : name}
        {anonymous && <span className="muted"> (anonymous)</span>}
      </h1>
      <div className="toolbar">
        <button type="button" onClick={backup} disabled={action.pending}>
          Back up
        </button>
        <button type="button" onClick={() => setDialog('restore')}>
          Restore into this volume…
        </button>
        <button type="button" onClick={() => setDialog('clone')}>
          Clone…
        </button>
        <button type="button" className="danger" onClick={() => setDialog('remove')}>
          Remove…
        </button>
        <ProtectToggle kind="volume" id={name} name={name} labels={volume.labels} />
      </div>
      {action.error !== null && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
      <dl className="facts">
        <dt>Name</dt>
        <dd>
          <code>{name}</code>
        </dd>
        <dt>Driver</dt>
        <dd>{volume.driver}</dd>
        <dt>Scope</dt>
        <dd>{volume.scope}</dd>
        <dt>Mountpoint</dt>
        <dd>
          <code>{volume.mountpoint}</code>
        </dd>
        <dt>Created</dt>
        <dd>
          <RelativeTime at={volume.created} />
        </dd>
        <dt>Used by</dt>
        <dd>
          <VolumeUsers volume={name} />
        </dd>
        <dt>Size</dt>
        <dd>
          {size === undefined ? (
            <button type="button" disabled={action.pending} onClick={() => void action.run(async () => setSizes(engine, await client.call('volume.sizes', {})))}>
              Measure
            </button>
          ) : size === null ? (
            <span className="muted">The engine cannot say</span>
          ) : (
            formatSize(size)
          )}
        </dd>
        <dt>Labels</dt>
        <dd>
          {Object.keys(volume.labels).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul>
              {Object.entries(volume.labels).map(([key, value]) => (
                <li key={key}>
                  <code>{value === '' ? key : `${key}=${value}`}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h2>Files</h2>
      <p className="muted">Read-only. Berth reads them through a container it makes from the smallest image on the engine, never starts, and removes afterwards.</p>
      <OnDemand what="the volume's files">
        <FileBrowser place={place} />
      </OnDemand>
      {dialog === 'restore' && <RestoreVolumeDialog into={name} onClose={() => setDialog(null)} />}
      {dialog === 'clone' && <CloneVolumeDialog source={name} onClose={() => setDialog(null)} />}
      {dialog === 'remove' && <RemoveVolumeDialog name={name} onClose={() => setDialog(null)} onRemoved={() => setRemoved(true)} />}
    </section>
  );
}
