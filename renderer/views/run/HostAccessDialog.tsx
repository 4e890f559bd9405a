/** The question before a run that gives the container power over the host, naming each grant main counted. */
import type { ReactNode } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';

export function HostAccessDialog({ reasons, onConfirm, onCancel }: { reasons: readonly string[]; onConfirm(): void; onCancel(): void }): ReactNode {
  return (
    <ConfirmDialog title="Give this container access to the host?" confirmLabel="Run with host access" onCancel={onCancel} onConfirm={onConfirm}>
      <p>It would get:</p>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>Access to the host is root on the host. Run it only if you trust the image.</p>
    </ConfirmDialog>
  );
}
