/**
 * The Electron binding of the contract: one channel, one dispatcher per web
 * contents (senders.ts). A message is dropped unless it comes from the main
 * frame of a window Berth created, showing berth://app (VS Code's ipcMain
 * checks); the dispatcher then validates it against the contract. A
 * dispatcher (and every stream it opened) is closed when its page
 * navigates, crashes or goes away.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { isAppUrl } from '../app-files';
import { isOurWindow } from '../window';
import type { Service } from './dispatcher';
import { createSenderDispatchers } from './senders';

export const IPC_CHANNEL = 'berth';

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
    const contents = event.sender;
    const frame = event.senderFrame;
    const main = contents.mainFrame;
    if (!frame || frame.parent !== null) return;
    if (frame.processId !== main.processId || frame.frameToken !== main.frameToken) return;
    if (!isOurWindow(contents) || !isAppUrl(frame.url)) return;
    dispatchers.receive(contents, raw);
  };

  ipcMain.on(IPC_CHANNEL, onMessage);
  return () => {
    ipcMain.removeListener(IPC_CHANNEL, onMessage);
    dispatchers.closeAll();
  };
}
