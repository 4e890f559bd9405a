/**
 * A container's settings, read back from the engine (run.spec): copied as a
 * `docker run` line or a Compose service, or opened in the run form to edit
 * and recreate the container.
 */
import { useState, type ReactNode } from 'react';
import { OnDemand } from '../../components/OnDemand';
import { composeSnippet, dockerRunCommand } from '#shared/run-cli';
import type { RunSpec } from '#shared/run';
import type { Container } from '#shared/model';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { CopyTextDialog } from './CopyTextDialog';
import { RunDialog } from '../lazy';

type Open = { kind: 'copy'; title: string; text: string } | { kind: 'edit'; spec: RunSpec } | null;

export function ContainerRunActions({ container }: { container: Container }): ReactNode {
  const client = useClient();
  const [open, setOpen] = useState<Open>(null);
  const { run, pending: busy, error } = useAction();

  const withSpec = async (then: (spec: RunSpec) => Open): Promise<void> => {
    const outcome = await run(() => client.call('run.spec', { id: container.id }));
    if (outcome.ok) setOpen(then(outcome.value));
  };

  return (
    <div className="actions">
      <button type="button" className="action" disabled={busy} onClick={() => void withSpec((spec) => ({ kind: 'copy', title: `docker run command for ${container.name}`, text: dockerRunCommand(spec) }))}>
        Copy as docker run
      </button>
      <button type="button" className="action" disabled={busy} onClick={() => void withSpec((spec) => ({ kind: 'copy', title: `Compose service for ${container.name}`, text: composeSnippet(spec) }))}>
        Copy as Compose
      </button>
      <button type="button" className="action" disabled={busy} aria-label={`Edit and recreate ${container.name}`} onClick={() => void withSpec((spec) => ({ kind: 'edit', spec }))}>
        Edit and recreate…
      </button>
      {error !== null && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
      {open?.kind === 'copy' && <CopyTextDialog title={open.title} text={open.text} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && <OnDemand what="the edit form" loading={null}><RunDialog initial={open.spec} mode={{ kind: 'recreate', id: container.id, name: container.name }} onClose={() => setOpen(null)} /></OnDemand>}
    </div>
  );
}
