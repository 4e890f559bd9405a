/**
 * A Select column's header box: ticks every row the filter shows, or clears
 * them when all are ticked; half-ticked (indeterminate) when some are.
 */
import type { ReactNode } from 'react';
import type { TickSetStore } from '../store/tickSet';

export function TickAllBox({ keys, store, label }: { keys: readonly string[]; store: TickSetStore; label: string }): ReactNode {
  const ticked = store((s) => keys.reduce((n, key) => n + (s.selected.has(key) ? 1 : 0), 0));
  const setMany = store((s) => s.setMany);
  const all = keys.length > 0 && ticked === keys.length;
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={all}
      ref={(box) => {
        if (box) box.indeterminate = ticked > 0 && !all;
      }}
      disabled={keys.length === 0}
      onChange={() => setMany(keys, !all)}
    />
  );
}
