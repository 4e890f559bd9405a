/**
 * Opens a published TCP port in the user's browser. The address comes from
 * the main process, built from the engine's own port bindings; in Electron
 * main opens it through its one checked gate, in browser mode this page does.
 */
import { useState, type ReactNode } from 'react';
import type { Container, Port } from '#shared/model';
import { useClient } from '../hooks/useClient';

export function OpenPortButton({ container, port }: { container: Container; port: Port }): ReactNode {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  if (port.hostPort === undefined || port.protocol !== 'tcp') return null;
  const open = (): void => {
    setError(null);
    client.call('container.openPort', { id: container.id, containerPort: port.containerPort }).then(
      ({ url, opened }) => {
        if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
      },
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };
  return (
    <>
      <button type="button" className="action" aria-label={`Open port ${port.containerPort}/tcp of ${container.name} in the browser`} onClick={open}>
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
