/**
 * "Remove engine build-server?": Berth forgets an engine the user added.
 * Nothing on the engine is touched, and the dialog says so; the request
 * carries the name it showed (main checks it names this engine).
 */
import { useRef, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { EngineEntry } from '#shared/engines';
import { FormDialog } from '../components/FormDialog';
import { useBerthClient } from '../hooks/useClient';
import { placeOf } from '../routes';

export function RemoveEngineDialog({ engine, onClose }: { engine: EngineEntry; onClose(): void }): ReactNode {
  const client = useBerthClient();
  const [location, navigate] = useLocation();
  const bodyRef = useRef<HTMLParagraphElement>(null);
  return (
    <FormDialog
      title={`Remove engine ${engine.name}?`}
      submitLabel="Remove"
      danger
      initialFocus={bodyRef}
      onClose={onClose}
      onSubmit={async () => {
        await client.call('engines.remove', { engine: engine.id, confirmed: { name: engine.name, also: [] } });
        // Its pages are gone with it: go to the engine the docker CLI would use.
        if (placeOf(location).engine === engine.id) navigate('/');
      }}
    >
      {/* Focus starts on the question, not on Remove: Enter alone does not remove. */}
      <p ref={bodyRef} tabIndex={-1}>
        Berth will forget the engine <strong>{engine.name}</strong> ({engine.url}).
      </p>
      <p>Nothing on the engine is touched: its containers, images, volumes and networks stay as they are. You can add it again later.</p>
    </FormDialog>
  );
}
