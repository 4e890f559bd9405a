/**
 * The engine switcher: every engine by name with its status badge, the
 * docker CLI's choice marked, and "All engines". A list of links (Tab and
 * Enter, the page's own engine marked aria-current), so that each engine is
 * an address like any other; a link keeps the section the page is on
 * (Images of A → Images of B). Each link's accessible name is the engine's
 * name; its status, and why it is unavailable, are its description.
 */
import { useId, type ReactNode } from 'react';
import type { EngineEntry } from '#shared/engines';
import { href, sectionPath, type Section } from '../routes';
import { engineStatusOf, useEnginesStore } from '../store/engineStore';
import { statusWords } from './status';

export interface EngineSwitcherProps {
  engines: readonly EngineEntry[];
  /** The engine the page is about; null on a merged list. */
  selected: string | null;
  all: boolean;
  section: Section;
}

export function EngineSwitcher({ engines, selected, all, section }: EngineSwitcherProps): ReactNode {
  return (
    <nav aria-label="Engine" className="engine-switcher">
      <ul>
        {engines.map((engine) => (
          <li key={engine.id}>
            <EngineLink engine={engine} selected={engine.id === selected} section={section} />
          </li>
        ))}
        <li>
          <a href={href(sectionPath(section, 'all'))} aria-current={all ? 'page' : undefined} className="engine-link">
            <span className="engine-name">All engines</span>
          </a>
        </li>
      </ul>
    </nav>
  );
}

function EngineLink({ engine, selected, section }: { engine: EngineEntry; selected: boolean; section: Section }): ReactNode {
  const status = statusWords(useEnginesStore((store) => engineStatusOf(store, engine.id)));
  const descriptionId = useId();
  const description = [status.reason === null ? status.label : `${status.label}: ${status.reason}`, engine.current ? 'the docker CLI’s current engine' : null]
    .filter(Boolean)
    .join(', ');
  return (
    <a
      href={href(sectionPath(section, engine.id))}
      aria-current={selected ? 'page' : undefined}
      aria-describedby={descriptionId}
      className="engine-link"
    >
      <span aria-hidden="true" className={`engine-dot engine-dot-${status.state}`} />
      <span className="engine-text">
        <span className="engine-name">{engine.name}</span>
        <span aria-hidden="true" className={`engine-badge engine-badge-${status.state}`}>
          {status.label}
        </span>
      </span>
      {engine.current && (
        <span aria-hidden="true" className="engine-current">
          CLI
        </span>
      )}
      <span id={descriptionId} hidden>
        {description}
      </span>
    </a>
  );
}
