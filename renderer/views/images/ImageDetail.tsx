/**
 * One image: its tags and actions (run, tag, save, remove) from the store,
 * so they follow the engine; tabs for its config, its layer history, what
 * makes it big (main reads its layers once and keeps the answer) and a
 * comparison with another image. If it is removed while shown, the page
 * says so.
 */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Image } from '#shared/model';
import { Tabs } from '../../components/Tabs';
import { useEngineId } from '../../engines/scope';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { absoluteTime } from '../../format/time';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { startDownload } from '../../transport/download';
import { PushDialog } from '../activity/PushDialog';
import { RunImageButton } from '../run/RunButtons';
import { ImageAnalysisView } from './ImageAnalysisView';
import { ImageCompareView } from './ImageCompareView';
import { ImageHistoryView } from './ImageHistoryView';
import type { ImageRow } from './imageRows';
import { RemoveImagesDialog } from './RemoveImagesDialog';
import { TagImageDialog } from './TagImageDialog';
import { ProtectToggle } from '../cleanup/ProtectToggle';

type TabKey = 'overview' | 'layers' | 'size' | 'compare';

const TABS: readonly { key: TabKey; label: string }[] = [
  { key: 'overview', label: 'Config' },
  { key: 'layers', label: 'Layers' },
  { key: 'size', label: 'What makes it big' },
  { key: 'compare', label: 'Compare' },
];

export function ImageDetail({ id }: { id: string }): ReactNode {
  const engine = useEngineId();
  const image = useEngineStore((store) => store.images.byId.get(id));
  const loaded = useEngineStore((store) => store.status !== null);
  const [seen, setSeen] = useState(false);
  const [tab, setTab] = useState<TabKey>('overview');
  if (image !== undefined && !seen) setSeen(true);

  if (image === undefined) {
    return (
      <section className="view">
        <h1>Image</h1>
        <p>
          {!loaded ? 'Loading…' : seen ? 'This image was removed.' : `No image has the id “${id}”.`}{' '}
          {loaded && <a href={href(paths.images(engine))}>Back to images</a>}
        </p>
      </section>
    );
  }

  return (
    <section className="view detail" aria-labelledby="image-heading">
      <p className="breadcrumb">
        <a href={href(paths.images(engine))}>All images</a>
      </p>
      <div className="detail-head">
        <h1 id="image-heading">{image.tags[0] ?? shortId(image.id)}</h1>
        <code className="muted" title={image.id}>
          {shortId(image.id)}
        </code>
        <ImageActions image={image} />
        <ProtectToggle kind="image" id={image.id} name={image.tags[0] ?? shortId(image.id)} labels={image.labels} />
      </div>
      <Tabs label="Image views" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'overview' && <ImageConfig image={image} />}
        {tab === 'layers' && <ImageHistoryView image={image} />}
        {tab === 'size' && <ImageAnalysisView image={image} />}
        {tab === 'compare' && <ImageCompareView image={image} />}
      </Tabs>
    </section>
  );
}

function ImageActions({ image }: { image: Image }): ReactNode {
  const client = useClient();
  const users = useEngineStore(
    useShallow((store) =>
      store.containers.ids.flatMap((cid) => {
        const c = store.containers.byId.get(cid);
        return c !== undefined && c.imageId === image.id ? [c] : [];
      }),
    ),
  );
  const [dialog, setDialog] = useState<'tag' | 'push' | 'remove' | null>(null);
  const save = useAction();
  const whole: ImageRow = { engine: client.engine, key: `id:${image.id}`, image, tag: null, users };
  return (
    <span className="actions">
      <RunImageButton image={image} />
      <button type="button" className="action" onClick={() => setDialog('tag')}>
        Tag…
      </button>
      <button
        type="button"
        className="action"
        disabled={save.pending}
        onClick={() =>
          void save.run(() => client.call('image.save', { id: image.tags[0] ?? image.id }), 'Save failed').then((outcome) => {
            if (outcome.ok) startDownload(outcome.value.url, outcome.value.name);
          })
        }
      >
        Save to file
      </button>
      {image.tags.length > 0 && (
        <button type="button" className="action" onClick={() => setDialog('push')}>
          Push…
        </button>
      )}
      <button type="button" className="action danger" onClick={() => setDialog('remove')}>
        Remove image…
      </button>
      {save.error !== null && (
        <span role="alert" className="error">
          {save.error}
        </span>
      )}
      {dialog === 'tag' && <TagImageDialog image={image} onClose={() => setDialog(null)} />}
      {dialog === 'push' && <PushDialog initial={image.tags[0]} onClose={() => setDialog(null)} />}
      {dialog === 'remove' && <RemoveImagesDialog rows={[whole]} onClose={() => setDialog(null)} />}
    </span>
  );
}

function List({ items, empty = 'None' }: { items: readonly string[]; empty?: string }): ReactNode {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="plain">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );
}

function words(command: readonly string[] | null): ReactNode {
  return command === null || command.length === 0 ? <span className="muted">None</span> : <code>{JSON.stringify(command)}</code>;
}

function ImageConfig({ image }: { image: Image }): ReactNode {
  const client = useClient();
  // Read again when its tags change (a tag or untag names the same id).
  const details = useLoad(`${image.id} ${image.tags.join(',')}`, () => client.call('image.details', { id: image.id }));
  const d = details.value;
  if (d === undefined) return details.error !== null ? <p role="alert" className="error">{details.error}</p> : <p className="muted">Loading…</p>;
  const labels = Object.entries(d.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="facts" aria-label="Image config">
      <dt>ID</dt>
      <dd>
        <code>{d.id}</code>
      </dd>
      <dt>Tags</dt>
      <dd>
        <List items={d.tags} empty="Untagged (dangling)" />
      </dd>
      <dt>Repo digests</dt>
      <dd>
        <List items={d.repoDigests} />
      </dd>
      <dt>Created</dt>
      <dd>{d.created === null ? <span className="muted">Not recorded</span> : absoluteTime(d.created)}</dd>
      <dt>Size</dt>
      <dd>{formatSize(d.size)}</dd>
      <dt>Platform</dt>
      <dd>
        {d.os}/{d.architecture}
        {d.variant !== null && `/${d.variant}`}
      </dd>
      {d.author !== '' && (
        <>
          <dt>Author</dt>
          <dd>{d.author}</dd>
        </>
      )}
      <dt>Entrypoint</dt>
      <dd>{words(d.entrypoint)}</dd>
      <dt>Command</dt>
      <dd>{words(d.cmd)}</dd>
      <dt>Environment</dt>
      <dd>
        <List items={d.env} />
      </dd>
      <dt>Exposed ports</dt>
      <dd>
        <List items={d.exposedPorts} />
      </dd>
      <dt>Volumes</dt>
      <dd>
        <List items={d.volumes} />
      </dd>
      <dt>User</dt>
      <dd>{d.user === '' ? <span className="muted">root (not set)</span> : <code>{d.user}</code>}</dd>
      <dt>Working directory</dt>
      <dd>{d.workingDir === '' ? <span className="muted">/ (not set)</span> : <code>{d.workingDir}</code>}</dd>
      <dt>Labels</dt>
      <dd>
        <List items={labels.map(([key, value]) => `${key}=${value}`)} />
      </dd>
      <dt>Layers</dt>
      <dd>{d.layers.length}</dd>
    </dl>
  );
}
