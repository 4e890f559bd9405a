/**
 * An image's layer history, bottom first as a Dockerfile reads: the
 * instruction that made each layer and its size. Steps that only set config
 * (ENV, CMD, LABEL…) make no layer; they are folded away unless asked for.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import type { ImageHistoryEntry } from '#shared/images';
import type { Image } from '#shared/model';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { formatSize } from '../../format/sizes';
import { absoluteTime } from '../../format/time';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { fixedSource } from '../../table/source';

interface Step extends ImageHistoryEntry {
  readonly step: number;
}

const historyTable: TableConfig<Step> = {
  label: 'Layer history',
  noun: 'steps',
  nounOne: 'step',
  initialSort: { column: 'step', direction: 'ascending' },
  minWidth: '40rem',
  columns: [
    { id: 'step', header: 'Step', width: '4rem', cell: (s) => s.step, sortKey: (s) => s.step },
    {
      id: 'instruction',
      header: 'Instruction',
      width: 'minmax(16rem, 5fr)',
      cell: (s) => (
        <code title={s.createdBy} className={s.empty ? 'muted' : undefined}>
          {s.createdBy || '(not recorded)'}
        </code>
      ),
      sortKey: (s) => s.createdBy,
    },
    { id: 'size', header: 'Size', width: '6rem', cell: (s) => (s.empty ? <span className="muted">no layer</span> : formatSize(s.size)), sortKey: (s) => s.size, descendingFirst: true },
    { id: 'created', header: 'Created', width: '11rem', cell: (s) => (s.created === null ? '—' : absoluteTime(s.created)), sortKey: (s) => s.created ?? 0 },
  ],
  filterText: (s) => s.createdBy,
};

export function ImageHistoryView({ image }: { image: Image }): ReactNode {
  const client = useClient();
  const details = useLoad(image.id, () => client.call('image.details', { id: image.id }));
  const [showEmpty, setShowEmpty] = useState(false);
  const boxId = useId();
  const steps = useMemo(() => (details.value?.history ?? []).map((entry, index): Step => ({ ...entry, step: index + 1 })), [details.value]);
  const shown = useMemo(() => (showEmpty ? steps : steps.filter((s) => !s.empty)), [steps, showEmpty]);
  const source = useMemo(() => fixedSource(shown, (s) => String(s.step)), [shown]);
  if (details.value === undefined) return details.error !== null ? <p role="alert" className="error">{details.error}</p> : <p className="muted">Loading…</p>;
  const empty = steps.length - steps.filter((s) => !s.empty).length;
  return (
    <div className="image-history">
      <p className="dialog-check">
        <input id={boxId} type="checkbox" checked={showEmpty} onChange={(event) => setShowEmpty(event.target.checked)} />
        <label htmlFor={boxId}>
          Show the {empty === 1 ? 'step' : `${empty} steps`} without a layer
        </label>
      </p>
      <ResourceTable config={historyTable} source={source} />
    </div>
  );
}
