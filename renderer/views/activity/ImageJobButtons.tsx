/** Pull, Push and Build, each opening its dialog: for the Images page's header and the Activity page. */
import { useState, type ReactNode } from 'react';
import { BuildDialog } from './BuildDialog';
import { PullDialog } from './PullDialog';
import { PushDialog } from './PushDialog';

export function ImageJobButtons(): ReactNode {
  const [open, setOpen] = useState<'pull' | 'push' | 'build' | null>(null);
  const close = (): void => setOpen(null);
  return (
    <div className="view-actions">
      <button type="button" onClick={() => setOpen('pull')}>
        Pull an image…
      </button>
      <button type="button" onClick={() => setOpen('build')}>
        Build an image…
      </button>
      <button type="button" onClick={() => setOpen('push')}>
        Push an image…
      </button>
      {open === 'pull' && <PullDialog onClose={close} />}
      {open === 'build' && <BuildDialog onClose={close} />}
      {open === 'push' && <PushDialog onClose={close} />}
    </div>
  );
}
