/**
 * This image against another of the engine (another tag of its repository,
 * the image before an update): the layers they share and those each has
 * alone, the files added, removed and changed, and the size delta. Main
 * reads both images' layers (or takes them from its cache).
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImageComparison } from '#shared/images';
import type { Image } from '#shared/model';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { useEngineStore } from '../../store/engineStore';
import { fixedSource } from '../../table/source';
import { ComparisonFacts } from './ComparisonFacts';

type ComparedFile = ImageComparison['files']['list'][number];

const sizeOrNone = (bytes: number | null): ReactNode => (bytes === null ? <span className="muted">—</span> : formatSize(bytes));

const filesTable: TableConfig<ComparedFile> = {
  label: 'Differing files',
  noun: 'files',
  nounOne: 'file',
  initialSort: { column: 'size', direction: 'descending' },
  minWidth: '34rem',
  columns: [
    { id: 'path', header: 'Path', width: 'minmax(14rem, 5fr)', cell: (f) => <code title={f.path}>/{f.path}</code>, sortKey: (f) => f.path },
    { id: 'change', header: 'Change', width: '6rem', cell: (f) => f.change, sortKey: (f) => f.change },
    { id: 'before', header: 'Before', width: '6rem', cell: (f) => sizeOrNone(f.before), sortKey: (f) => f.before ?? -1 },
    { id: 'size', header: 'After', width: '6rem', cell: (f) => sizeOrNone(f.after), sortKey: (f) => Math.max(f.before ?? 0, f.after ?? 0), descendingFirst: true },
  ],
  filterText: (f) => `${f.path} ${f.change}`,
};


function repositoryOf(tag: string): string {
  return tag.replace(/:[^/:]*$/, '');
}

export function ImageCompareView({ image }: { image: Image }): ReactNode {
  const client = useClient();
  const others = useEngineStore(
    useShallow((store) => store.images.ids.flatMap((id) => (id === image.id ? [] : [store.images.byId.get(id)!]))),
  );
  const repositories = new Set(image.tags.map(repositoryOf));
  const sibling = others.find((o) => o.tags.some((t) => repositories.has(repositoryOf(t))));
  const [chosen, setChosen] = useState<string | null>(null);
  const other = chosen ?? sibling?.id ?? others[0]?.id ?? null;
  const compare = useAction();
  const [result, setResult] = useState<ImageComparison | null>(null);
  const selectId = useId();
  const source = useMemo(() => (result === null ? null : fixedSource(result.files.list, (f) => `${f.change} ${f.path}`)), [result]);
  const nameOf = (id: string): string => {
    const found = others.find((o) => o.id === id);
    return found?.tags[0] ?? shortId(id);
  };
  if (others.length === 0) return <p className="muted">This engine has no other image to compare with.</p>;
  return (
    <div className="image-compare">
      <form
        className="compare-bar"
        onSubmit={(event) => {
          event.preventDefault();
          if (other === null) return;
          setResult(null);
          void compare.run(() => client.call('image.compare', { base: image.id, other }), 'Compare failed').then((outcome) => outcome.ok && setResult(outcome.value));
        }}
      >
        <label htmlFor={selectId}>Compare with</label>{' '}
        <select id={selectId} value={other ?? ''} onChange={(event) => setChosen(event.target.value)}>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.tags.length === 0 ? `${shortId(o.id)} (untagged)` : o.tags.join(', ')}
            </option>
          ))}
        </select>{' '}
        <button type="submit" className="primary" disabled={compare.pending || other === null}>
          {compare.pending ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      {compare.error !== null && <p role="alert" className="error">{compare.error}</p>}
      {compare.pending && <p className="muted" role="status">Reading both images’ layers…</p>}
      {result !== null && source !== null && (
        <>
          <ComparisonFacts result={result} label="Comparison" baseName="this image" otherName={nameOf(result.other)} />
          <div className="image-table">
            <ResourceTable config={filesTable} source={source} />
          </div>
        </>
      )}
    </div>
  );
}
