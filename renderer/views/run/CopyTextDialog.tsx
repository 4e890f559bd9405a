/**
 * Shows text Berth made for pasting elsewhere (a `docker run` line, a Compose
 * service) and puts it on the clipboard. The text stays visible and
 * selectable, in case the clipboard is refused (no focus, no permission).
 */
import { useId, useRef, type ReactNode } from 'react';
import { ModalDialog } from '../../components/ModalDialog';
import { useLoad } from '../../hooks/useRequest';

export function CopyTextDialog({ title, text, onClose }: { title: string; text: string; onClose(): void }): ReactNode {
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const written = useLoad(text, () => navigator.clipboard.writeText(text));
  return (
    <ModalDialog className="confirm-dialog copy-dialog" labelledBy={titleId} initialFocus={closeRef} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <p role="status">{written.pending ? '' : written.error === null ? 'Copied to the clipboard.' : 'The clipboard refused it: select the text and copy it.'}</p>
      <pre className="copy-text" aria-label={title} tabIndex={0}>
        {text}
      </pre>
      <div className="dialog-buttons">
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
