/**
 * The Containers table's CPU % and Memory cells. A running row's cell
 * reports itself while it is on screen, and selects only its own figures
 * from the store, so new figures re-render just the cells they change.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { objectKey } from '../../engines/keys';
import { useEngineId } from '../../engines/scope';
import { formatMemory, formatPercent } from './format';
import { observeCell, useStatsRowsStore } from './rowsStore';
import './stats.css';

/** The row's key (its engine is the scope's: the page's, or the row's own in "All engines"). */
function useRowKey(container: Container): string {
  return objectKey(useEngineId(), container.id);
}

function useOnScreen(container: Container, key: string) {
  const ref = useRef<HTMLSpanElement>(null);
  const running = container.state === 'running';
  useEffect(() => {
    const element = ref.current;
    if (!running || element === null) return;
    return observeCell(element, key);
  }, [running, key]);
  return ref;
}

export function CpuCell({ container }: { container: Container }): ReactNode {
  const key = useRowKey(container);
  const ref = useOnScreen(container, key);
  const row = useStatsRowsStore((s) => s.byKey[key]);
  if (container.state !== 'running') return <span className="muted">—</span>;
  return (
    <span ref={ref} className="stats-cell" title="Percent of one core, as docker stats shows it">
      {row === undefined || row.cpuPercent === null ? <span className="muted">…</span> : formatPercent(row.cpuPercent)}
    </span>
  );
}

export function MemoryCell({ container }: { container: Container }): ReactNode {
  const key = useRowKey(container);
  const ref = useOnScreen(container, key);
  const row = useStatsRowsStore((s) => s.byKey[key]);
  if (container.state !== 'running') return <span className="muted">—</span>;
  return (
    <span
      ref={ref}
      className="stats-cell"
      title={row && row.memoryLimit > 0 ? `${formatMemory(row.memoryUsed)} of ${formatMemory(row.memoryLimit)}` : undefined}
    >
      {row === undefined ? <span className="muted">…</span> : formatMemory(row.memoryUsed)}
    </span>
  );
}
