/**
 * A modal form: the user's input stays as typed while the request runs, and
 * if the engine refuses it, its reason shows inside the dialog (role=alert)
 * so the user can correct and try again. Escape or Cancel closes it, except
 * while the request runs.
 *
 * FormDialog is the common case: one request on submit, closed when it
 * succeeds. FormDialogFrame is the same dialog for a form that runs its own
 * requests (the run form: a check, a confirmation, a pull, then the run).
 */
import { useId, type ReactNode, type RefObject } from 'react';
import { useAction } from '../hooks/useRequest';
import { ModalDialog } from './ModalDialog';

interface DialogLook {
  title: string;
  submitLabel: string;
  onClose(): void;
  /** The field that gets focus first. */
  initialFocus: RefObject<HTMLElement | null>;
  danger?: boolean;
  children: ReactNode;
}

export interface FormDialogProps extends DialogLook {
  /** Resolves when done (the dialog closes); rejects with the reason to show. */
  onSubmit(): Promise<void>;
}

export function FormDialog({ onSubmit, onClose, children, ...look }: FormDialogProps): ReactNode {
  const { run, pending, error } = useAction();
  return (
    <FormDialogFrame
      {...look}
      onClose={onClose}
      pending={pending}
      error={error}
      onSubmit={() => void run(onSubmit).then((outcome) => outcome.ok && onClose())}
    >
      <div className="dialog-body">{children}</div>
    </FormDialogFrame>
  );
}

export interface FormDialogFrameProps extends DialogLook {
  onSubmit(): void;
  /** A request is running: Escape, Cancel and submitting again wait for it. */
  pending: boolean;
  /** Why the last request failed, shown inside the dialog. */
  error: string | null;
  /** Another dialog sits over this one: Escape is that dialog's. */
  covered?: boolean;
  /** Added to the dialog's class. */
  className?: string;
  /** For a form that looks inside itself (moving focus to a marked field). */
  dialogRef?: RefObject<HTMLDialogElement | null>;
  /** Buttons before the submit button. */
  buttons?: ReactNode;
  /** What the running request is doing (a pull's progress), above the error. */
  progress?: ReactNode;
  /** Dialogs opened over this one: outside the form, so that none of their buttons submits it. */
  over?: ReactNode;
}

export function FormDialogFrame(props: FormDialogFrameProps): ReactNode {
  const { title, submitLabel, onSubmit, onClose, initialFocus, danger = false, pending, error, covered = false, className, dialogRef, buttons, progress, over, children } = props;
  const titleId = useId();
  return (
    <ModalDialog
      className={className ? `confirm-dialog ${className}` : 'confirm-dialog'}
      labelledBy={titleId}
      initialFocus={initialFocus}
      onClose={onClose}
      locked={pending || covered}
      dialogRef={dialogRef}
    >
      <form
        // Berth checks the input itself and says what is wrong beside the field.
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending) onSubmit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {progress}
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          {buttons}
          <button type="submit" className={danger ? 'danger primary' : 'primary'} disabled={pending}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose} disabled={pending}>
            Cancel
          </button>
        </div>
      </form>
      {over}
    </ModalDialog>
  );
}
