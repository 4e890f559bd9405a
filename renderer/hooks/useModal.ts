/**
 * Opens a native <dialog> as a modal for as long as the component is
 * mounted: the rest of the page goes inert, focus moves to `initial`, and
 * whoever had focus before gets it back when the dialog goes away.
 */
import { useEffect, type RefObject } from 'react';

export function useModal(dialogRef: RefObject<HTMLDialogElement | null>, initialRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    initialRef.current?.focus();
    return () => {
      dialog.close();
      if (!opener?.isConnected) return;
      // A button that the answer just disabled cannot take focus; its row can.
      const target = opener.matches(':disabled') ? opener.closest<HTMLElement>('[tabindex]') : opener;
      target?.focus();
    };
  }, [dialogRef, initialRef]);
}
