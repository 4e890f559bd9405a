/**
 * The Electron binding of the contract: one channel, one dispatcher per web
 * contents (senders.ts). A message is dropped unless it comes from the main
 * frame of a window Berth created, showing berth://app (VS Code's ipcMain
 * checks); the dispatcher then validates it against the contract. A
 * dispatcher (and every stream it opened) is closed when its page
 * navigates, crashes or goes away. The Electron-only requests outside the
 * contract (shared/desktop.ts) pass the same sender checks.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { PICK_FOLDER_CHANNEL } from '#shared/desktop';
import { isAppUrl } from '../app-files';
import { pickFolder } from '../folder-picker';
import { isOurWindow } from '../window';
import type { Service } from './dispatcher';
import { createSenderDispatchers } from './senders';

export const IPC_CHANNEL = 'berth';

/** The main frame of a window Berth created, showing berth://app: the only sender IPC answers. */
function fromOurApp(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const contents = event.sender;
  const frame = event.senderFrame;
  const main = contents.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.frameToken !== main.frameToken) return false;
  return isOurWindow(contents) && isAppUrl(frame.url);
}

/** The build dialog's "Choose folder…": the system's folder dialog, modal to the asking window. */
function bindFolderPicker(): () => void {
  ipcMain.handle(PICK_FOLDER_CHANNEL, (event, raw: unknown) => {
    if (!fromOurApp(event)) throw new Error('Refused: not from a Berth window');
    const window = BrowserWindow.fromWebContents(event.sender);
    return pickFolder(raw, (options) => (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)));
  });
  return () => ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
}

export function bindIpc(service: Service): () => void {
  const dispatchers = createSenderDispatchers<WebContents>(service, (contents) => ({
    send: (message) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNEL, message);
    },
    watch: (gone) => {
      contents.on('destroyed', gone);
      contents.on('render-process-gone', gone);
      contents.on('did-start-navigation', (event) => {
        if (event.isMainFrame && !event.isSameDocument) gone();
      });
    },
  }));

  const onMessage = (event: IpcMainEvent, raw: unknown): void => {
    if (fromOurApp(event)) dispatchers.receive(event.sender, raw);
  };

  ipcMain.on(IPC_CHANNEL, onMessage);
  const unbindPicker = bindFolderPicker();
  return () => {
    ipcMain.removeListener(IPC_CHANNEL, onMessage);
    unbindPicker();
    dispatchers.closeAll();
  };
}
