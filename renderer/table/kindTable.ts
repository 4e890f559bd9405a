/**
 * A kind's table, declared once beside its view (ContainersView.tsx, …):
 * the rows it lists on one engine (the kind's objects as they are, or rows
 * made from them: Images lists one per tag), its columns, filter text,
 * first sort and row keys. One engine's page binds it to that engine
 * (`engineTable`); "All engines" merges every engine's rows and wraps the
 * table with an Engine column (views/all/). The words (label, nouns) come
 * from the kind's declaration in shared/kinds.ts.
 */
import { useMemo, type ComponentType } from 'react';
import type { EngineClient } from '#shared/client';
import type { ResourceKind } from '#shared/kinds';
import type { Column, Grouping, TableConfig } from '../components/ResourceTable';
import { useEngineId } from '../engines/scope';
import { kindWords, type RowSource } from './source';
import type { SortDirection } from './visibleRows';

export interface KindTable<T extends object> {
  /**
   * One engine's rows, memoised so that reading them again after an event
   * that left them alone gives the same Rows (table/source.ts). Derived from
   * the engines store: "All engines" hears of changes from it.
   */
  readonly rows: (engine: string) => RowSource<T>;
  readonly columns: readonly Column<T>[];
  readonly filterText: (item: T) => string;
  readonly initialSort: { readonly column: string; readonly direction: SortDirection };
  readonly minWidth?: string;
  /** Enter on a row, given the client of the row's engine. */
  readonly onOpen?: (client: EngineClient, item: T) => void;
  readonly onRowKey?: (client: EngineClient, item: T, key: string) => boolean;
  readonly RowNotice?: TableConfig<T>['RowNotice'];
  /** Groups within one engine (Compose projects); "All engines" groups by engine and group. */
  readonly grouping?: Grouping<T>;
  /**
   * What the list shows above its table and keeps running while it is open
   * (the bulk actions bar, the CPU and memory streams), on one engine's page
   * (inside its scope) and in "All engines" (no scope: every engine's).
   */
  readonly Toolbar?: ComponentType;
}

/** The kind's table on one engine's page, its row keys going to that engine's client. */
export function engineTable<T extends object>(kind: ResourceKind, table: KindTable<T>, client: EngineClient): TableConfig<T> {
  const { onOpen, onRowKey } = table;
  return {
    ...kindWords(kind),
    columns: table.columns,
    filterText: table.filterText,
    initialSort: table.initialSort,
    minWidth: table.minWidth,
    onOpen: onOpen && ((item) => onOpen(client, item)),
    onRowKey: onRowKey && ((item, key) => onRowKey(client, item, key)),
    RowNotice: table.RowNotice,
    grouping: table.grouping,
  };
}

/** The table's rows on the engine in scope. */
export function useTableRows<T extends object>(table: KindTable<T>): RowSource<T> {
  const engine = useEngineId();
  return useMemo(() => table.rows(engine), [engine, table]);
}
