/**
 * Every kind's table, by kind: what "All engines" draws for each section,
 * each over its own row type (Images lists a row per tag, as its own page
 * does). Typed over every kind, so a kind declared without a table fails to
 * compile.
 */
import type { ResourceKind, ResourceOf } from '#shared/kinds';
import type { KindTable } from '../../table/kindTable';
import { containerTable } from '../containers/ContainersView';
import type { ImageRow } from '../images/imageRows';
import { imageTable } from '../images/ImagesView';
import { networkTable } from '../networks/NetworksView';
import { volumeTable } from '../volumes/VolumesView';

/** The row each kind's table lists: the kind's object, unless its table makes rows of its own. */
export type RowOf = { readonly [K in ResourceKind]: K extends 'image' ? ImageRow : ResourceOf[K] };

export const KIND_TABLES: { readonly [K in ResourceKind]: KindTable<RowOf[K]> } = {
  container: containerTable,
  image: imageTable,
  volume: volumeTable,
  network: networkTable,
};
