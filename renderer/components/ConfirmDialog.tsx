/**
 * A modal question before anything of the user's is deleted. The native
 * <dialog> opened with showModal() makes the rest of the page inert, traps
 * focus and turns Escape into Cancel; focus starts on Cancel, the safe answer.
 */
import { useId, useRef, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog';

export interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

export function ConfirmDialog({ title, confirmLabel, onConfirm, onCancel, children }: ConfirmDialogProps): ReactNode {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  return (
    <ModalDialog className="confirm-dialog" labelledBy={titleId} describedBy={bodyId} initialFocus={cancelRef} onClose={onCancel}>
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="danger primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
