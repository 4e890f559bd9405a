/**
 * Asks before a link from a terminal opens. A program in the container wrote
 * it, and an OSC 8 hyperlink shows whatever text it likes over its address,
 * so the dialog shows the full address as it would open (shared/links.ts:
 * the URL parser's form, an IDN host as punycode), wrapped, never cut, with
 * its host on a line of its own. Only "Open link" asks main, and the request
 * carries what was shown; focus starts on Cancel.
 */
import { useId, useRef, type ReactNode } from 'react';
import { checkLink } from '#shared/links';
import { ModalDialog } from '../../components/ModalDialog';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';

export function OpenLinkDialog({ link, onClose }: { link: string; onClose(): void }): ReactNode {
  const client = useClient();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { run, pending: busy, error } = useAction();
  const checked = checkLink(link);

  const open = async (shown: string): Promise<void> => {
    const outcome = await run(() => client.call('exec.openLink', { url: link, confirmed: shown }));
    if (!outcome.ok) return;
    // Browser mode: main checked it and left the opening to the page, detached from it.
    if (!outcome.value.opened) window.open(outcome.value.url, '_blank', 'noopener,noreferrer');
    onClose();
  };

  return (
    <ModalDialog className="confirm-dialog link-dialog" labelledBy={titleId} describedBy={bodyId} initialFocus={cancelRef} onClose={onClose} locked={busy}>
      <h2 id={titleId}>{checked.ok ? 'Open this link?' : 'This link will not open'}</h2>
      <div id={bodyId} className="dialog-body">
        {checked.ok ? (
          <>
            <p>A program in the container printed this link. Check where it goes before you open it in your browser.</p>
            <dl className="link-facts">
              <dt>Site</dt>
              <dd>
                <code>{checked.url.host}</code>
              </dd>
              <dt>Full address</dt>
              <dd>
                <code className="link-target">{checked.url.href}</code>
              </dd>
            </dl>
          </>
        ) : (
          <>
            <p>{checked.reason}</p>
            <p>
              <code className="link-target">{link}</code>
            </p>
          </>
        )}
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-buttons">
        {checked.ok && (
          <button type="button" className="primary" disabled={busy} onClick={() => void open(checked.url.href)}>
            Open link
          </button>
        )}
        <button type="button" ref={cancelRef} disabled={busy} onClick={onClose}>
          {checked.ok ? 'Cancel' : 'Close'}
        </button>
      </div>
    </ModalDialog>
  );
}
