/**
 * What makes an image big: main reads the image's own layer tars once (then
 * answers from its cache) and says, per layer, what it adds, changes and
 * removes; the largest files; and wasted space with an efficiency score as
 * dive computes them. Choosing a layer lists its largest changes.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { ImageAnalysis, LayerAnalysis, LayerFile } from '#shared/images';
import type { Image } from '#shared/model';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { fixedSource } from '../../table/source';

interface LayerRow extends LayerAnalysis {
  readonly index: number;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;
const total = (t: { count: number; bytes: number }): string => (t.count === 0 ? '—' : `${t.count} (${formatSize(t.bytes)})`);

function layerTable(choose: (index: number) => void, chosen: number | null): TableConfig<LayerRow> {
  return {
    label: 'Layer changes',
    noun: 'layers',
    nounOne: 'layer',
    initialSort: { column: 'index', direction: 'ascending' },
    minWidth: '52rem',
    columns: [
      { id: 'index', header: 'Layer', width: '4rem', cell: (l) => l.index + 1, sortKey: (l) => l.index },
      { id: 'instruction', header: 'Instruction', width: 'minmax(14rem, 4fr)', cell: (l) => <code title={l.createdBy}>{l.createdBy || '(base)'}</code>, sortKey: (l) => l.createdBy },
      { id: 'size', header: 'Size', width: '6rem', cell: (l) => formatSize(l.size), sortKey: (l) => l.size, descendingFirst: true },
      { id: 'added', header: 'Added', width: '7.5rem', cell: (l) => total(l.added), sortKey: (l) => l.added.bytes, descendingFirst: true },
      { id: 'changed', header: 'Changed', width: '7.5rem', cell: (l) => total(l.changed), sortKey: (l) => l.changed.bytes, descendingFirst: true },
      { id: 'removed', header: 'Removed', width: '7.5rem', cell: (l) => total(l.removed), sortKey: (l) => l.removed.bytes, descendingFirst: true },
      {
        id: 'files',
        header: 'Files',
        width: '6rem',
        cell: (l) => (
          <button type="button" className="action" aria-pressed={chosen === l.index} aria-label={`Files of layer ${l.index + 1}`} onClick={() => choose(l.index)}>
            Files
          </button>
        ),
      },
    ],
    filterText: (l) => l.createdBy,
    onOpen: (l) => choose(l.index),
  };
}

const fileTable = (label: string): TableConfig<LayerFile> => ({
  label,
  noun: 'files',
  nounOne: 'file',
  initialSort: { column: 'size', direction: 'descending' },
  minWidth: '30rem',
  columns: [
    { id: 'path', header: 'Path', width: 'minmax(14rem, 5fr)', cell: (f) => <code title={f.path}>/{f.path.replace(/^\//, '')}</code>, sortKey: (f) => f.path },
    { id: 'change', header: 'Change', width: '8rem', cell: (f) => (f.opaque ? 'removed (opaque folder)' : f.change), sortKey: (f) => f.change },
    { id: 'size', header: 'Size', width: '6rem', cell: (f) => formatSize(f.size), sortKey: (f) => f.size, descendingFirst: true },
  ],
  filterText: (f) => `${f.path} ${f.change}`,
});

interface SizedPath {
  readonly path: string;
  readonly bytes: number;
  readonly note: string;
}

const pathTable = (label: string, noteHeader: string): TableConfig<SizedPath> => ({
  label,
  noun: 'files',
  nounOne: 'file',
  initialSort: { column: 'bytes', direction: 'descending' },
  minWidth: '30rem',
  columns: [
    { id: 'path', header: 'Path', width: 'minmax(14rem, 5fr)', cell: (p) => <code title={p.path}>/{p.path}</code>, sortKey: (p) => p.path },
    { id: 'bytes', header: 'Size', width: '6rem', cell: (p) => formatSize(p.bytes), sortKey: (p) => p.bytes, descendingFirst: true },
    { id: 'note', header: noteHeader, width: '8rem', cell: (p) => p.note, sortKey: (p) => p.note },
  ],
  filterText: (p) => p.path,
});

const largestTable = pathTable('Largest files', 'Layer');
const wastedTable = pathTable('Wasted space', 'Versions');

export function ImageAnalysisView({ image }: { image: Image }): ReactNode {
  const client = useClient();
  const analysis = useLoad(image.id, () => client.call('image.analyse', { id: image.id }));
  if (analysis.value === undefined) {
    if (analysis.error !== null) return <p role="alert" className="error">{analysis.error}</p>;
    return <p className="muted" role="status">Reading the image’s layers ({formatSize(image.size)})…</p>;
  }
  return <Analysis analysis={analysis.value} />;
}

function Analysis({ analysis }: { analysis: ImageAnalysis }): ReactNode {
  const [chosen, setChosen] = useState<number | null>(null);
  const layers = useMemo(() => fixedSource(analysis.layers.map((l, index): LayerRow => ({ ...l, index })), (l) => String(l.index)), [analysis]);
  const layersConfig = useMemo(() => layerTable(setChosen, chosen), [chosen]);
  const layer = chosen === null ? undefined : analysis.layers[chosen];
  const files = useMemo(() => (layer === undefined ? null : fixedSource(layer.files, (f) => `${f.change} ${f.path}`)), [layer]);
  const filesConfig = useMemo(() => fileTable(`Files of layer ${(chosen ?? 0) + 1}`), [chosen]);
  const largest = useMemo(() => fixedSource(analysis.largest.map((f) => ({ path: f.path, bytes: f.size, note: String(f.layer + 1) })), (p) => p.path), [analysis]);
  const wasted = useMemo(() => fixedSource(analysis.wasted.map((w) => ({ path: w.path, bytes: w.bytes, note: String(w.layers) })), (p) => p.path), [analysis]);
  const shownCount = layer === undefined ? 0 : layer.files.length;
  const layerTotal = layer === undefined ? 0 : layer.added.count + layer.changed.count + layer.removed.count;
  return (
    <div className="image-analysis">
      <dl className="facts" aria-label="Image efficiency">
        <dt>Efficiency</dt>
        <dd>{percent(analysis.efficiency)}</dd>
        <dt>Wasted space</dt>
        <dd>
          {formatSize(analysis.wastedBytes)} ({percent(analysis.wastedUserPercent)} of what its own steps added)
        </dd>
        <dt>Files in its layers</dt>
        <dd>
          {formatSize(analysis.size)}, of which {formatSize(analysis.userSize)} above the base layer
        </dd>
        <dt>Read</dt>
        <dd className="muted">
          {formatSize(analysis.archiveBytes)} in {(analysis.elapsedMs / 1000).toFixed(1)} s
        </dd>
      </dl>
      <h2>Layers</h2>
      <div className="image-table">
        <ResourceTable config={layersConfig} source={layers} />
      </div>
      {layer !== undefined && files !== null && (
        <>
          <h2>
            Layer {(chosen ?? 0) + 1}: {layerTotal === shownCount ? `${layerTotal} changes` : `the largest ${shownCount} of ${layerTotal} changes`}
          </h2>
          <div className="image-table">
            <ResourceTable config={filesConfig} source={files} />
          </div>
        </>
      )}
      <h2>Largest files</h2>
      <div className="image-table">
        <ResourceTable config={largestTable} source={largest} />
      </div>
      <h2>Wasted space</h2>
      <p className="muted">Files that a later layer overwrites or removes: every version still takes its room in the image.</p>
      <div className="image-table">
        <ResourceTable config={wastedTable} source={wasted} />
      </div>
    </div>
  );
}
