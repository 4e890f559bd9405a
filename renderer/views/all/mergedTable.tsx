/**
 * A kind's table for "All engines": its own columns (less those that only
 * make sense on one engine's page), an Engine column after the first, the
 * engine's name in the filter text, and every row inside its own engine's
 * scope, so its links, actions and notices go to the engine it belongs to.
 */
import type { ReactNode } from 'react';
import type { EngineClient } from '#shared/client';
import type { ResourceKind, ResourceOf } from '#shared/kinds';
import type { Column, TableConfig } from '../../components/ResourceTable';
import { EngineScope } from '../../engines/scope';
import type { KindTable } from '../../table/kindTable';
import { kindWords } from '../../table/source';
import type { MergedRow } from './mergedRows';

function RowInItsEngine<T>({ item, children }: { item: MergedRow<T>; children: ReactNode }): ReactNode {
  return <EngineScope value={item.engine}>{children}</EngineScope>;
}

function ofItem<T>(column: Column<T>): Column<MergedRow<T>> {
  const { sortKey } = column;
  return {
    id: column.id,
    header: column.header,
    width: column.width,
    descendingFirst: column.descendingFirst,
    cell: (row) => column.cell(row.item),
    sortKey: sortKey && ((row) => sortKey(row.item)),
  };
}

export function mergedTable<K extends ResourceKind>(
  kind: K,
  table: KindTable<ResourceOf[K]>,
  clientOf: (engine: string) => EngineClient,
  nameOf: (engine: string) => string,
): TableConfig<MergedRow<ResourceOf[K]>> {
  type Row = MergedRow<ResourceOf[K]>;
  const own = table.columns.filter((c) => !table.oneEngineOnly?.includes(c.id)).map(ofItem);
  const engineColumn: Column<Row> = {
    id: 'engine',
    header: 'Engine',
    width: 'minmax(6rem, 1fr)',
    cell: (row) => <span title={row.engine}>{nameOf(row.engine)}</span>,
    sortKey: (row) => nameOf(row.engine),
  };
  const { onOpen, onRowKey, RowNotice } = table;
  return {
    ...kindWords(kind),
    columns: [...own.slice(0, 1), engineColumn, ...own.slice(1)],
    filterText: (row) => `${nameOf(row.engine)} ${table.filterText(row.item)}`,
    initialSort: table.initialSort,
    minWidth: table.minWidth,
    onOpen: onOpen && ((row) => onOpen(clientOf(row.engine), row.item)),
    onRowKey: onRowKey && ((row, key) => onRowKey(clientOf(row.engine), row.item, key)),
    RowNotice: RowNotice && (({ item }) => <RowNotice item={item.item} />),
    RowContext: RowInItsEngine,
  };
}
