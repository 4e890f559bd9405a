/**
 * The one shell of Berth's modal dialogs: a native <dialog> opened with
 * showModal() for as long as it is mounted (useModal: the page behind goes
 * inert, focus starts on `initialFocus` and returns to the opener), labelled
 * by its title. Escape asks `onClose`, unless the dialog is `locked` (a
 * request is running, or another dialog sits over it); either way React, not
 * the browser, decides when it goes.
 */
import { useRef, type ReactNode, type RefObject } from 'react';
import { useModal } from '../hooks/useModal';

export interface ModalDialogProps {
  className: string;
  /** Id of the dialog's title. */
  labelledBy: string;
  describedBy?: string;
  initialFocus: RefObject<HTMLElement | null>;
  onClose(): void;
  locked?: boolean;
  /** For a dialog that looks inside itself (moving focus to a marked field). */
  dialogRef?: RefObject<HTMLDialogElement | null>;
  children: ReactNode;
}

export function ModalDialog({ className, labelledBy, describedBy, initialFocus, onClose, locked = false, dialogRef, children }: ModalDialogProps): ReactNode {
  const ownRef = useRef<HTMLDialogElement>(null);
  const ref = dialogRef ?? ownRef;
  useModal(ref, initialFocus);
  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        if (!locked) onClose();
      }}
    >
      {children}
    </dialog>
  );
}
