/**
 * The one list every resource uses (lazydocker's single list panel): one
 * engine's lists, the merged "All engines" lists and a folder's files.
 * Configured per list with columns, a filter and a sort, fed by a row source
 * (table/source.ts), virtualised so only the rows on screen exist, and
 * driven from the keyboard. Each row subscribes to its own item, so an
 * update to one container re-renders one row; the table itself re-renders
 * only when the visible keys or their order change.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { RowSource, Rows } from '../table/source';
import { groupOfRowKey, groupRows, makeHaystack, visibleIds, type SortDirection, type SortValue } from '../table/visibleRows';
import { warmHaystack } from '../table/warmHaystack';

export interface Column<T> {
  readonly id: string;
  readonly header: string;
  /** A CSS grid track, e.g. "minmax(8rem, 2fr)". */
  readonly width: string;
  readonly cell: (item: T) => ReactNode;
  /** Without one the column cannot be sorted. */
  readonly sortKey?: (item: T) => SortValue;
  /** Dates read best newest-first, so their first click sorts descending. */
  readonly descendingFirst?: boolean;
  /** Replaces the header's text (a "select all shown" box, say); given the item rows shown. */
  readonly headerCell?: (shownIds: readonly string[]) => ReactNode;
}

/** What a group's header row shows; the table owns the row, its focus and its folding. */
export interface GroupHeaderProps {
  readonly group: string;
  readonly expanded: boolean;
  onToggle(): void;
}

/** Items that belong together (a Compose project) shown under one foldable header row. */
export interface Grouping<T> {
  /** The group an item belongs to, or null. */
  readonly of: (item: T) => string | null;
  readonly Header: ComponentType<GroupHeaderProps>;
}

export interface TableConfig<T extends object> {
  /** The table's accessible name, e.g. "Containers". */
  readonly label: string;
  /** Plural, lower case, for "Filter containers" and "No containers". */
  readonly noun: string;
  /** Singular, for "1 container". */
  readonly nounOne: string;
  /** What the list says when it is there but empty; "No containers." without one. */
  readonly empty?: string;
  readonly columns: readonly Column<T>[];
  /** Below this width the columns scroll sideways instead of being crushed. */
  readonly minWidth?: string;
  /** Everything the filter box searches in, for one item. */
  readonly filterText: (item: T) => string;
  readonly initialSort: { readonly column: string; readonly direction: SortDirection };
  /** Enter on a focused row. */
  readonly onOpen?: (item: T) => void;
  /** Any other key on a focused row; returns true when it handled the key. */
  readonly onRowKey?: (item: T, key: string) => boolean;
  /** Full-width content under a row's cells (an error, say); renders nothing when there is none. */
  readonly RowNotice?: ComponentType<{ item: T }>;
  readonly grouping?: Grouping<T>;
  /** What a row's cells sit inside: in "All engines", the scope of the row's own engine. */
  readonly RowContext?: ComponentType<{ item: T; children: ReactNode }>;
}

const ROW_HEIGHT = 34;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export function ResourceTable<T extends object>({ config, source }: { config: TableConfig<T>; source: RowSource<T> }): ReactNode {
  const [query, setQuery] = useState('');
  // Typing stays responsive; the filtering catches up a moment later if it must.
  const deferredQuery = useDeferredValue(query);
  const [sort, setSort] = useState(config.initialSort);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const filterId = useId();

  const haystack = useMemo(() => makeHaystack(config.filterText), [config]);
  useEffect(() => warmHaystack(source, haystack), [source, haystack]);
  const sortKey = config.columns.find((c) => c.id === sort.column)?.sortKey;

  // Re-run filter and sort only when the rows themselves change, and keep
  // the previous key list while the result is the same: the table then
  // stays still unless what it shows differs.
  const selectIds = useMemo(() => {
    let lastRows: Rows<T> | null = null;
    let lastIds: string[] = [];
    return (): string[] => {
      const rows = source.rows();
      if (rows !== lastRows) {
        lastRows = rows;
        let next = visibleIds(rows, deferredQuery, haystack, sortKey ? { key: sortKey, direction: sort.direction } : null);
        const { grouping } = config;
        if (grouping) {
          next = groupRows(next, (id) => { const item = rows.byId.get(id); return item === undefined ? null : grouping.of(item); }, collapsed);
        }
        if (!sameList(next, lastIds)) lastIds = next;
      }
      return lastIds;
    };
  }, [source, config, deferredQuery, haystack, sortKey, sort.direction, collapsed]);
  const ids = useSyncExternalStore(source.subscribe, selectIds);
  // The item rows shown, without group headers: what "select all shown" ticks.
  const itemIds = useMemo(() => (config.grouping ? ids.filter((id) => groupOfRowKey(id) === null) : ids), [config.grouping, ids]);
  const toggleGroup = (group: string): void =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(group)) next.add(group);
      return next;
    });
  const total = useSyncExternalStore(source.subscribe, () => source.rows().ids.length);
  const connection = useSyncExternalStore(source.subscribe, source.state);

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // A row's height is known until it shows a notice. Reading it from the
    // element would force a layout for every row mounted (a sort mounts dozens,
    // ~30 ms here); the ResizeObserver reports real sizes after layout instead.
    measureElement: (_element, entry) => entry?.borderBoxSize[0]?.blockSize ?? ROW_HEIGHT,
    overscan: 5,
    getItemKey: (index) => ids[index] ?? index,
  });

  const activeIndex = activeId === null ? -1 : ids.indexOf(activeId);
  const tabbableIndex = activeIndex === -1 ? 0 : activeIndex;
  const template = config.columns.map((c) => c.width).join(' ');
  const minWidth = config.minWidth ?? '36rem';

  const rowElement = (id: string): HTMLElement | null | undefined =>
    scrollRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`);

  // Keyboard moves focus to rows that may not be rendered yet: scroll first,
  // then focus once the virtualiser has put the row in the DOM.
  useEffect(() => {
    const id = pendingFocus.current;
    if (id === null) return;
    const row = rowElement(id);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    }
  });

  const focusRow = (index: number): void => {
    const clamped = Math.max(0, Math.min(ids.length - 1, index));
    const id = ids[clamped];
    if (id === undefined) return;
    setActiveId(id);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    const row = rowElement(id);
    if (row) row.focus();
    else pendingFocus.current = id;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[role="row"]');
    const id = row?.dataset.rowId;
    if (!row || id === undefined) return;
    const index = ids.indexOf(id);
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: ids.length - 1,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      focusRow(move);
      return;
    }
    // Other keys belong to the row only when the row itself has focus, not one of its buttons or links.
    if (target !== row) return;
    const group = groupOfRowKey(id);
    if (group !== null) {
      const open = !collapsed.has(group);
      if (event.key === 'Enter' || (event.key === 'ArrowLeft' && open) || (event.key === 'ArrowRight' && !open)) {
        event.preventDefault();
        toggleGroup(group);
      }
      return;
    }
    const item = source.rows().byId.get(id);
    if (item === undefined) return;
    if (event.key === 'Enter' && config.onOpen) {
      event.preventDefault();
      config.onOpen(item);
    } else if (config.onRowKey?.(item, event.key)) {
      event.preventDefault();
    }
  };

  const toggleSort = (column: Column<T>): void => {
    setSort((current) =>
      current.column === column.id
        ? { column: column.id, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column: column.id, direction: column.descendingFirst ? 'descending' : 'ascending' },
    );
  };

  return (
    <div className="resource-table">
      <div className="table-toolbar">
        <label htmlFor={filterId} className="visually-hidden">
          Filter {config.noun}
        </label>
        <input
          id={filterId}
          type="search"
          className="filter"
          placeholder={`Filter ${config.noun}`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && ids.length > 0) {
              event.preventDefault();
              focusRow(tabbableIndex);
            }
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="table-count">
          {itemIds.length === total
            ? `${total} ${total === 1 ? config.nounOne : config.noun}`
            : `${itemIds.length} of ${total} ${config.noun}`}
        </span>
      </div>
      <div
        role="table"
        aria-label={config.label}
        aria-rowcount={ids.length + 1}
        className={ids.length === 0 ? 'table table-is-empty' : 'table'}
      >
        <div role="rowgroup" className="table-head" style={{ minWidth }}>
          <div role="row" aria-rowindex={1} className="row" style={{ gridTemplateColumns: template }}>
            {config.columns.map((column) => (
              <div
                key={column.id}
                role="columnheader"
                aria-sort={sort.column === column.id && column.sortKey ? sort.direction : undefined}
                className="cell"
              >
                {column.headerCell ? (
                  column.headerCell(itemIds)
                ) : column.sortKey ? (
                  <button type="button" className="sort-button" onClick={() => toggleSort(column)}>
                    {column.header}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.column === column.id ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" ref={scrollRef} className="table-body" style={{ minWidth }} onKeyDown={onKeyDown}>
          <div role="presentation" className="table-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((virtual) => {
              const id = ids[virtual.index];
              if (id === undefined) return null;
              const group = config.grouping ? groupOfRowKey(id) : null;
              if (group !== null && config.grouping) {
                return (
                  <GroupRow
                    key={id}
                    rowKey={id}
                    group={group}
                    index={virtual.index}
                    start={virtual.start}
                    columns={config.columns.length}
                    Header={config.grouping.Header}
                    expanded={!collapsed.has(group)}
                    onToggle={toggleGroup}
                    tabbable={virtual.index === tabbableIndex}
                    measure={virtualizer.measureElement}
                    onFocusRow={setActiveId}
                  />
                );
              }
              return (
                <Row
                  key={id}
                  id={id}
                  index={virtual.index}
                  start={virtual.start}
                  config={config}
                  source={source}
                  template={template}
                  tabbable={virtual.index === tabbableIndex}
                  measure={virtualizer.measureElement}
                  onFocusRow={setActiveId}
                />
              );
            })}
          </div>
        </div>
      </div>
      {ids.length === 0 && (
        <p className="table-empty">
          {connection === 'loading'
            ? 'Loading…'
            : total > 0
              ? `No ${config.noun} match “${deferredQuery.trim()}”.`
              : connection === 'connected'
                ? (config.empty ?? `No ${config.noun}.`)
                : `No ${config.noun} to show: Berth is not connected to the Docker engine.`}
        </p>
      )}
    </div>
  );
}

interface RowProps<T extends object> {
  id: string;
  index: number;
  start: number;
  config: TableConfig<T>;
  source: RowSource<T>;
  template: string;
  tabbable: boolean;
  measure: (element: HTMLElement | null) => void;
  onFocusRow: (id: string) => void;
}

function RowView<T extends object>({
  id,
  index,
  start,
  config,
  source,
  template,
  tabbable,
  measure,
  onFocusRow,
}: RowProps<T>): ReactNode {
  const item = useSyncExternalStore(source.subscribe, () => source.rows().byId.get(id));
  if (item === undefined) return null;
  const { RowNotice, RowContext } = config;
  const cells = (
    <>
      {config.columns.map((column) => (
        <div key={column.id} role="cell" className={`cell cell-${column.id}`}>
          {column.cell(item)}
        </div>
      ))}
      {RowNotice && <RowNotice item={item} />}
    </>
  );
  return (
    <RowFrame rowKey={id} index={index} start={start} tabbable={tabbable} measure={measure} onFocusRow={onFocusRow} template={template}>
      {RowContext ? <RowContext item={item}>{cells}</RowContext> : cells}
    </RowFrame>
  );
}

interface RowFrameProps {
  rowKey: string;
  index: number;
  start: number;
  tabbable: boolean;
  measure: (element: HTMLElement | null) => void;
  onFocusRow: (id: string) => void;
  /** The columns' grid; a group header spans them all instead. */
  template?: string;
  className?: string;
  children: ReactNode;
}

/** What every row of the table is: positioned by the virtualiser, one tab stop, found by its key. */
function RowFrame({ rowKey, index, start, tabbable, measure, onFocusRow, template, className = 'row', children }: RowFrameProps): ReactNode {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      tabIndex={tabbable ? 0 : -1}
      data-index={index}
      data-row-id={rowKey}
      ref={measure}
      className={className}
      // `top`, not a translateY transform: a transform per row gives Chromium a
      // transform node per row to re-layerize on every frame that changes rows
      // (an event storm spent ~6 ms a frame there), while top is one cheap layout.
      style={{ gridTemplateColumns: template, top: start }}
      onFocus={() => onFocusRow(rowKey)}
    >
      {children}
    </div>
  );
}

// memo() drops the type parameter; the cast restores it.
const Row = memo(RowView) as typeof RowView;

interface GroupRowProps {
  rowKey: string;
  group: string;
  index: number;
  start: number;
  columns: number;
  Header: ComponentType<GroupHeaderProps>;
  expanded: boolean;
  onToggle: (group: string) => void;
  tabbable: boolean;
  measure: (element: HTMLElement | null) => void;
  onFocusRow: (id: string) => void;
}

/** A group's header: one cell across the row; Enter or the arrows fold it when the row has focus. */
const GroupRow = memo(function GroupRow({
  rowKey,
  group,
  index,
  start,
  columns,
  Header,
  expanded,
  onToggle,
  tabbable,
  measure,
  onFocusRow,
}: GroupRowProps): ReactNode {
  return (
    <RowFrame rowKey={rowKey} index={index} start={start} tabbable={tabbable} measure={measure} onFocusRow={onFocusRow} className="row group-row">
      <div role="cell" aria-colspan={columns} className="cell group-cell">
        <Header group={group} expanded={expanded} onToggle={() => onToggle(group)} />
      </div>
    </RowFrame>
  );
});
