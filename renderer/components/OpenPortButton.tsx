/**
 * Opens a published TCP port in the user's browser. The address comes from
 * the main process, built from the engine's own port bindings; in Electron
 * main opens it through its one checked gate, in browser mode this page does.
 */
import type { ReactNode } from 'react';
import type { Container, Port } from '#shared/model';
import { useClient } from '../hooks/useClient';
import { useAction } from '../hooks/useRequest';

export function OpenPortButton({ container, port }: { container: Container; port: Port }): ReactNode {
  const client = useClient();
  const { run, error } = useAction();
  if (port.hostPort === undefined || port.protocol !== 'tcp') return null;
  const open = async (): Promise<void> => {
    const outcome = await run(() => client.call('container.openPort', { id: container.id, containerPort: port.containerPort }));
    if (outcome.ok && !outcome.value.opened) window.open(outcome.value.url, '_blank', 'noopener,noreferrer');
  };
  return (
    <>
      <button type="button" className="action" aria-label={`Open port ${port.containerPort}/tcp of ${container.name} in the browser`} onClick={() => void open()}>
        Open
      </button>
      {error !== null && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}
