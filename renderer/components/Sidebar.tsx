/**
 * The sections. Each link's accessible name is exactly its word; the count
 * beside it is for the eye only (aria-hidden), so "Containers" stays
 * "Containers" to assistive technology and to tests.
 */
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { useEngineStore, type EngineStore } from '../store/engineStore';

interface Section {
  path: string;
  label: string;
  count?: (store: EngineStore) => number;
}

const SECTIONS: readonly Section[] = [
  { path: '/containers', label: 'Containers', count: (s) => s.containers.ids.length },
  { path: '/images', label: 'Images', count: (s) => s.images.ids.length },
  { path: '/volumes', label: 'Volumes', count: (s) => s.volumes.ids.length },
  { path: '/networks', label: 'Networks', count: (s) => s.networks.ids.length },
  { path: '/engine', label: 'Engine' },
];

export function Sidebar(): ReactNode {
  const [location] = useLocation();
  return (
    <nav aria-label="Sections" className="sidebar-nav">
      <ul>
        {SECTIONS.map((section) => {
          const current = location === section.path || location.startsWith(`${section.path}/`);
          return (
            <li key={section.path}>
              <a href={`#${section.path}`} aria-current={current ? 'page' : undefined}>
                <span>{section.label}</span>
                {section.count && <Count of={section.count} />}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Count({ of }: { of: (store: EngineStore) => number }): ReactNode {
  const count = useEngineStore(of);
  const loaded = useEngineStore((store) => store.status !== null);
  if (!loaded) return null;
  return (
    <span aria-hidden="true" className="nav-count">
      {count}
    </span>
  );
}
