/**
 * Filtering and sorting for the resource tables, kept pure and cheap: at
 * 1,000 rows this runs after every store change, so per-item work is cached
 * by item identity (the store keeps unchanged items identical).
 */
import type { Rows } from './source';

export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number;

export interface SortSpec<T> {
  readonly key: (item: T) => SortValue;
  readonly direction: SortDirection;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1;
  }
  return collator.compare(String(a), String(b));
}

/** Lower-cased text a filter query is matched against, computed once per item object. */
export function makeHaystack<T extends object>(text: (item: T) => string): (item: T) => string {
  const cache = new WeakMap<T, string>();
  return (item) => {
    let hay = cache.get(item);
    if (hay === undefined) {
      hay = text(item).toLowerCase();
      cache.set(item, hay);
    }
    return hay;
  };
}

/**
 * The ids to show, in order: every word of the query must appear somewhere in
 * the item's haystack; ties in the sort fall back to the rows' own order.
 */
export function visibleIds<T extends object>(
  rows: Rows<T>,
  query: string,
  haystack: (item: T) => string,
  sort: SortSpec<T> | null,
): string[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const shown: { id: string; value: SortValue; order: number }[] = [];
  rows.ids.forEach((id, order) => {
    const item = rows.byId.get(id);
    if (item === undefined) return;
    if (words.length > 0) {
      const hay = haystack(item);
      if (!words.every((w) => hay.includes(w))) return;
    }
    shown.push({ id, value: sort ? sort.key(item) : 0, order });
  });
  if (sort) {
    const sign = sort.direction === 'ascending' ? 1 : -1;
    shown.sort((a, b) => sign * compareValues(a.value, b.value) || a.order - b.order);
  }
  return shown.map((row) => row.id);
}

/** Group header rows share the id space with items; item ids never start with this. */
const GROUP_PREFIX = 'group:';

export function groupRowKey(group: string): string {
  return GROUP_PREFIX + group;
}
/** The group a row key names, or null for an item's row. */
export function groupOfRowKey(key: string): string | null {
  return key.startsWith(GROUP_PREFIX) ? key.slice(GROUP_PREFIX.length) : null;
}

/**
 * Folds grouped items under a header row (a Compose project, say). A group
 * sits where its first member falls in the current sort, its members follow
 * it in sort order, and members of a collapsed group are left out; items of
 * no group keep their place.
 */
export function groupRows(ids: readonly string[], groupOf: (id: string) => string | null, collapsed: ReadonlySet<string>): string[] {
  const members = new Map<string, string[]>();
  const order: (string | { group: string })[] = [];
  for (const id of ids) {
    const group = groupOf(id);
    if (group === null) {
      order.push(id);
      continue;
    }
    let list = members.get(group);
    if (list === undefined) {
      list = [];
      members.set(group, list);
      order.push({ group });
    }
    list.push(id);
  }
  if (members.size === 0) return ids as string[];
  const rows: string[] = [];
  for (const entry of order) {
    if (typeof entry === 'string') {
      rows.push(entry);
      continue;
    }
    rows.push(groupRowKey(entry.group));
    if (!collapsed.has(entry.group)) rows.push(...(members.get(entry.group) ?? []));
  }
  return rows;
}
