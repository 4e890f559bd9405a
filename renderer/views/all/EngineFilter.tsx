/**
 * The "Show engine" choice of the pages on all engines: all, or one engine.
 * An engine that was chosen and has since left the list shows them all again.
 */
import { useId, useState, type ReactNode } from 'react';
import { useEnginesStore } from '../../store/engineStore';

export function useEngineFilter(): { chosen: string | null; filter: ReactNode } {
  const engines = useEnginesStore((store) => store.engines);
  const [engine, setEngine] = useState<string | null>(null);
  const id = useId();
  const chosen = engine !== null && engines?.some((e) => e.id === engine) ? engine : null;
  const filter = (
    <span className="engine-filter">
      <label htmlFor={id}>Show engine</label>{' '}
      <select id={id} value={chosen ?? ''} onChange={(event) => setEngine(event.target.value === '' ? null : event.target.value)}>
        <option value="">All</option>
        {(engines ?? []).map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
    </span>
  );
  return { chosen, filter };
}
