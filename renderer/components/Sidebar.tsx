/**
 * The engine switcher, the selected engine's facts and actions, and the
 * sections of the engine the page is on (on a merged list, the merged
 * sections). Each section link's accessible name is exactly its word; the
 * count beside it is for the eye only (aria-hidden), so "Containers" stays
 * "Containers" to assistive technology and to tests.
 */
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { EnginePanel } from '../engines/EnginePanel';
import { EngineSwitcher } from '../engines/EngineSwitcher';
import { href, isMergedSection, placeOf, SECTIONS, sectionPath, type Section } from '../routes';
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
  const engines = useEnginesStore((store) => store.engines);
  if (engines === null) return null;
  const current = engines.find((e) => e.current) ?? engines[0] ?? null;
  // A merged list is about no one engine; any other address without one is about to go to the CLI's.
  const selected = place.all ? null : (engines.find((e) => e.id === place.engine) ?? (place.engine === null ? current : null));
  const section = place.section ?? 'containers';
  // On a merged list the sections stay merged; Engine (one engine's facts) goes to the CLI's engine.
  const sectionTarget = (s: Section): string | null => {
    if (place.all && isMergedSection(s)) return sectionPath(s, 'all');
    const engine = selected ?? current;
    return engine === null ? null : sectionPath(s, engine.id);
  };
  return (
    <>
      <EngineSwitcher engines={engines} selected={selected?.id ?? null} all={place.all} section={section} />
      <EnginePanel engine={selected} />
      <nav aria-label="Sections" className="sidebar-nav">
        <ul>
          {SECTIONS.map(({ section: s, label }) => {
            const target = sectionTarget(s);
            const count = COUNTS[s];
            return (
              target !== null && (
                <li key={s}>
                  <a href={href(target)} aria-current={place.section === s ? 'page' : undefined}>
                    <span>{label}</span>
                    {count && selected !== null && <Count engine={selected.id} of={count} />}
                  </a>
                </li>
              )
            );
          })}
        </ul>
      </nav>
    </>
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
