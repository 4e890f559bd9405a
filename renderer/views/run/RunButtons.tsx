/**
 * Where the run form opens from: the Containers view's header (empty form)
 * and an image's row (image filled in).
 */
import { useState, type ReactNode } from 'react';
import { OnDemand } from '../../components/OnDemand';
import { emptyRunSpec } from '#shared/run';
import type { Image } from '#shared/model';
import { RunDialog } from '../lazy';

export function RunContainerButton(): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Run a container
      </button>
      {open && <OnDemand what="the run form" loading={null}><RunDialog initial={emptyRunSpec()} mode={{ kind: 'create' }} onClose={() => setOpen(false)} /></OnDemand>}
    </>
  );
}

/**
 * Run, with the form's image filled in: `tag` (an Images row's own tag), else
 * the image's first tag, else, untagged, its id.
 */
export function RunImageButton({ image, tag }: { image: Image; tag?: string | null }): ReactNode {
  const [open, setOpen] = useState(false);
  const reference = tag ?? image.tags[0] ?? image.id;
  return (
    <>
      <button type="button" className="action" aria-label={`Run ${reference}`} onClick={() => setOpen(true)}>
        Run
      </button>
      {open && <OnDemand what="the run form" loading={null}><RunDialog initial={emptyRunSpec(reference)} mode={{ kind: 'create' }} onClose={() => setOpen(false)} /></OnDemand>}
    </>
  );
}
