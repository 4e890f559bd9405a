/** The engine's full inspect document for one container, as JSON people can read and copy. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../hooks/useClient';

type Loaded = { state: 'loading' } | { state: 'done'; json: string } | { state: 'failed'; error: string };

export function ContainerInspect({ id }: { id: string }): ReactNode {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [copied, setCopied] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    client.call('container.inspect', { id }).then(
      (value) => current && setLoaded({ state: 'done', json: JSON.stringify(value, null, 2) }),
      (error: unknown) =>
        current && setLoaded({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [client, id, generation]);

  const refresh = useCallback(() => {
    setLoaded({ state: 'loading' });
    setCopied(null);
    setGeneration((g) => g + 1);
  }, []);

  const copy = (json: string): void => {
    navigator.clipboard.writeText(json).then(
      () => setCopied('Copied to the clipboard.'),
      (error: unknown) => setCopied(`Could not copy: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  return (
    <div className="inspect">
      <div className="toolbar">
        <button type="button" onClick={refresh} disabled={loaded.state === 'loading'}>
          Refresh
        </button>
        {loaded.state === 'done' && (
          <button type="button" onClick={() => copy(loaded.json)}>
            Copy
          </button>
        )}
        {copied && <span className="muted">{copied}</span>}
      </div>
      {loaded.state === 'loading' && <p>Loading…</p>}
      {loaded.state === 'failed' && (
        <p role="alert" className="error">
          Could not inspect the container: {loaded.error}
        </p>
      )}
      {loaded.state === 'done' && (
        <pre className="json" aria-label="Inspect JSON" tabIndex={0}>
          {loaded.json}
        </pre>
      )}
    </div>
  );
}
