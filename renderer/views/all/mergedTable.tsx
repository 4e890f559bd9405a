/**
 * A kind's table for "All engines": its own columns, an Engine column after
 * the first, the engine's name in the filter text, its groups kept apart by
 * engine (a Compose project of the same name on two engines is two groups),
 * and every row and group header inside its own engine's scope, so its
 * links, actions and notices go to the engine it belongs to.
 */
import type { ReactNode } from 'react';
import type { EngineClient } from '#shared/client';
import type { ResourceKind } from '#shared/kinds';
import type { Column, GroupHeaderProps, Grouping, TableConfig } from '../../components/ResourceTable';
import { objectKey, splitKey } from '../../engines/keys';
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
    // Its rows are keyed by engine already (MergedRow.key), and the header is in no engine's scope.
    headerCell: column.headerCell,
    cell: (row) => column.cell(row.item),
    sortKey: sortKey && ((row) => sortKey(row.item)),
  };
}

function groupedByEngine<T>(grouping: Grouping<T>): Grouping<MergedRow<T>> {
  const { Header } = grouping;
  const InItsEngine = ({ group, ...rest }: GroupHeaderProps): ReactNode => {
    const { engine, id } = splitKey(group);
    return (
      <EngineScope value={engine}>
        <Header group={id} {...rest} />
      </EngineScope>
    );
  };
  return {
    of: (row) => {
      const group = grouping.of(row.item);
      return group === null ? null : objectKey(row.engine, group);
    },
    Header: InItsEngine,
  };
}

export function mergedTable<T extends object>(
  kind: ResourceKind,
  table: KindTable<T>,
  clientOf: (engine: string) => EngineClient,
  nameOf: (engine: string) => string,
): TableConfig<MergedRow<T>> {
  type Row = MergedRow<T>;
  const own = table.columns.map(ofItem);
  // The Engine column follows the name (or the first column, for a kind without one).
  const afterName = Math.max(own.findIndex((c) => c.id === 'name'), 0) + 1;
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
    columns: [...own.slice(0, afterName), engineColumn, ...own.slice(afterName)],
    filterText: (row) => `${nameOf(row.engine)} ${table.filterText(row.item)}`,
    initialSort: table.initialSort,
    minWidth: table.minWidth,
    onOpen: onOpen && ((row) => onOpen(clientOf(row.engine), row.item)),
    onRowKey: onRowKey && ((row, key) => onRowKey(clientOf(row.engine), row.item, key)),
    RowNotice: RowNotice && (({ item }) => <RowNotice item={item.item} />),
    RowContext: RowInItsEngine,
    grouping: table.grouping && groupedByEngine(table.grouping),
  };
}
