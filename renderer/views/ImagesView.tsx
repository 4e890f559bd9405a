import { useMemo, type ReactNode } from 'react';
import type { Image } from '#shared/model';
import { RelativeTime } from '../components/LiveTime';
import { ResourceTable } from '../components/ResourceTable';
import { useClient } from '../hooks/useClient';
import { engineTable, useEngineSource, type KindTable } from '../table/kindTable';
import { shortId } from '../format/ids';
import { imageTags } from '../format/images';
import { formatSize } from '../format/sizes';
import { ImageJobButtons } from './activity/ImageJobButtons';
import { RunImageButton } from './run/RunButtons';

/** The Images table, for one engine's page and for "All engines". */
export const imageTable: KindTable<Image> = {
  // Newest first, as `docker images` lists them.
  initialSort: { column: 'created', direction: 'descending' },
  columns: [
    {
      id: 'tags',
      header: 'Repository:Tag',
      width: 'minmax(12rem, 3fr)',
      cell: (i) => <span title={imageTags(i)}>{imageTags(i)}</span>,
      sortKey: (i) => i.tags[0] ?? '',
    },
    {
      id: 'id',
      header: 'ID',
      width: '9rem',
      cell: (i) => <code title={i.id}>{shortId(i.id)}</code>,
      sortKey: (i) => i.id,
    },
    { id: 'size', header: 'Size', width: '7rem', cell: (i) => formatSize(i.size), sortKey: (i) => i.size },
    {
      id: 'created',
      header: 'Created',
      width: '9rem',
      cell: (i) => <RelativeTime at={i.created} />,
      sortKey: (i) => i.created,
      descendingFirst: true,
    },
    { id: 'actions', header: 'Actions', width: '6rem', cell: (i) => <RunImageButton image={i} /> },
  ],
  filterText: (i) => [imageTags(i), shortId(i.id)].join(' '),
};

export function ImagesView(): ReactNode {
  const client = useClient();
  const config = useMemo(() => engineTable('image', imageTable, client), [client]);
  const source = useEngineSource('image');
  return (
    <section className="view" aria-labelledby="images-heading">
      <div className="view-head">
        <h1 id="images-heading">Images</h1>
        <ImageJobButtons />
      </div>
      <ResourceTable config={config} source={source} />
    </section>
  );
}
