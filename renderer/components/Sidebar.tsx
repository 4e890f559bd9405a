/**
 * The sections of the engine the page is on. Each link's accessible name is
 * exactly its word; the count beside it is for the eye only (aria-hidden),
 * so "Containers" stays "Containers" to assistive technology and to tests.
 */
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { href, placeOf, SECTIONS, sectionPath, type Section } from '../routes';
import { useEnginesStore, type EngineStore } from '../store/engineStore';

const COUNTS: Partial<Record<Section, (store: EngineStore) => number>> = {
  containers: (s) => s.containers.ids.length,
  images: (s) => s.images.ids.length,
  volumes: (s) => s.volumes.ids.length,
  networks: (s) => s.networks.ids.length,
};

export function Sidebar(): ReactNode {
  const [location] = useLocation();
  const place = placeOf(location);
  const current = useEnginesStore((store) => store.engines?.find((e) => e.current)?.id ?? store.engines?.[0]?.id ?? null);
  const engine = place.engine ?? current;
  if (engine === null) return null;
  return (
    <nav aria-label="Sections" className="sidebar-nav">
      <ul>
        {SECTIONS.map(({ section, label }) => {
          const count = COUNTS[section];
          return (
            <li key={section}>
              <a href={href(sectionPath(section, engine))} aria-current={place.section === section ? 'page' : undefined}>
                <span>{label}</span>
                {count && <Count engine={engine} of={count} />}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Count({ engine, of }: { engine: string; of: (store: EngineStore) => number }): ReactNode {
  const count = useEnginesStore((store) => {
    const slice = store.byEngine[engine];
    return slice === undefined || slice.status === null ? null : of(slice);
  });
  if (count === null) return null;
  return (
    <span aria-hidden="true" className="nav-count">
      {count}
    </span>
  );
}
