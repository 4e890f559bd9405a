/**
 * Under the switcher: what the selected engine is (why it is unavailable,
 * in the engine's words; where Berth found it), Rename and Remove for an
 * engine the user added, and "Add engine". A discovered engine belongs to
 * the docker CLI's setup: Berth says so rather than offering to remove it.
 */
import { useState, type ReactNode } from 'react';
import type { EngineEntry } from '#shared/engines';
import { engineStatusOf, useEnginesStore } from '../store/engineStore';
import { AddEngineDialog } from './AddEngineDialog';
import { RemoveEngineDialog } from './RemoveEngineDialog';
import { RenameEngineDialog } from './RenameEngineDialog';
import { discoveredWords, statusWords } from './status';

type Open = 'add' | 'rename' | 'remove' | null;

export function EnginePanel({ engine }: { engine: EngineEntry | null }): ReactNode {
  const [open, setOpen] = useState<Open>(null);
  const close = (): void => setOpen(null);
  return (
    <div className="engine-panel">
      {engine !== null && <SelectedEngine engine={engine} onRename={() => setOpen('rename')} onRemove={() => setOpen('remove')} />}
      <button type="button" className="action" onClick={() => setOpen('add')}>
        Add engine…
      </button>
      {open === 'add' && <AddEngineDialog onClose={close} />}
      {open === 'rename' && engine !== null && <RenameEngineDialog engine={engine} onClose={close} />}
      {open === 'remove' && engine !== null && <RemoveEngineDialog engine={engine} onClose={close} />}
    </div>
  );
}

function SelectedEngine({ engine, onRename, onRemove }: { engine: EngineEntry; onRename(): void; onRemove(): void }): ReactNode {
  const status = statusWords(useEnginesStore((store) => engineStatusOf(store, engine.id)));
  return (
    <>
      {status.reason !== null && <p className="engine-reason">Unavailable: {status.reason}</p>}
      {engine.origin === 'added' ? (
        <div className="engine-actions">
          <button type="button" className="action" aria-label={`Rename engine ${engine.name}`} onClick={onRename}>
            Rename…
          </button>
          <button type="button" className="action danger" aria-label={`Remove engine ${engine.name}`} onClick={onRemove}>
            Remove…
          </button>
        </div>
      ) : (
        <p className="engine-origin muted">{discoveredWords(engine.origin)}</p>
      )}
    </>
  );
}
