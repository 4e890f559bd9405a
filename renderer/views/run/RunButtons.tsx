/**
 * Where the run form opens from: the Containers view's header (empty form)
 * and an image's row (image filled in).
 */
import { Suspense, useState, type ReactNode } from 'react';
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
      {open && <Suspense fallback={null}><RunDialog initial={emptyRunSpec()} mode={{ kind: 'create' }} onClose={() => setOpen(false)} /></Suspense>}
    </>
  );
}

/** The tag a new container should name; an untagged image by its id. */
function imageReference(image: Image): string {
  return image.tags[0] ?? image.id;
}

export function RunImageButton({ image }: { image: Image }): ReactNode {
  const [open, setOpen] = useState(false);
  const reference = imageReference(image);
  return (
    <>
      <button type="button" className="action" aria-label={`Run ${reference}`} onClick={() => setOpen(true)}>
        Run
      </button>
      {open && <Suspense fallback={null}><RunDialog initial={emptyRunSpec(reference)} mode={{ kind: 'create' }} onClose={() => setOpen(false)} /></Suspense>}
    </>
  );
}
