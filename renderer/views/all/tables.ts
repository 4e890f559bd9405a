/**
 * Every kind's table, by kind: what "All engines" draws for each section.
 * Typed over every kind, so a kind declared without a table fails to compile.
 */
import type { ResourceKind, ResourceOf } from '#shared/kinds';
import type { KindTable } from '../../table/kindTable';
import { containerTable } from '../containers/ContainersView';
import { imageTable } from '../images/ImagesView';
import { networkTable } from '../networks/NetworksView';
import { volumeTable } from '../volumes/VolumesView';

export const KIND_TABLES: { readonly [K in ResourceKind]: KindTable<ResourceOf[K]> } = {
  container: containerTable,
  image: imageTable,
  volume: volumeTable,
  network: networkTable,
};
