/**
 * A modal form: the user's input stays as typed while the request runs, and
 * if the engine refuses it, its reason shows inside the dialog (role=alert)
 * so the user can correct and try again. Escape or Cancel closes it.
 */
import { useId, useState, type ReactNode, type RefObject } from 'react';
import { ModalDialog } from './ModalDialog';

export interface FormDialogProps {
  title: string;
  submitLabel: string;
  /** Resolves when done (the dialog closes); rejects with the reason to show. */
  onSubmit(): Promise<void>;
  onClose(): void;
  /** The field that gets focus first. */
  initialFocus: RefObject<HTMLElement | null>;
  danger?: boolean;
  children: ReactNode;
}

export function FormDialog({ title, submitLabel, onSubmit, onClose, initialFocus, danger = false, children }: FormDialogProps): ReactNode {
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <ModalDialog className="confirm-dialog" labelledBy={titleId} initialFocus={initialFocus} onClose={onClose} locked={busy}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          onSubmit().then(onClose, (reason: unknown) => {
            setBusy(false);
            setError(reason instanceof Error ? reason.message : String(reason));
          });
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="submit" className={danger ? 'danger primary' : 'primary'} disabled={busy}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
