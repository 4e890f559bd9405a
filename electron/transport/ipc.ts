/**
 * The Electron binding of the contract: one channel, one dispatcher per web
 * contents. A message is dropped unless it comes from the main frame of a
 * window Berth created, showing berth://app (VS Code's ipcMain checks); the
 * dispatcher then validates it against the contract. A dispatcher (and every
 * stream it opened) is closed when its page navigates, crashes or goes away.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { isAppUrl } from '../app-files';
import { isOurWindow } from '../window';
import { createDispatcher, type Dispatcher, type Service } from './dispatcher';

export const IPC_CHANNEL = 'berth';

export function bindIpc(service: Service): () => void {
  const dispatchers = new Map<WebContents, Dispatcher>();
  const watched = new WeakSet<WebContents>();

  const close = (contents: WebContents): void => {
    dispatchers.get(contents)?.close();
    dispatchers.delete(contents);
  };

  function dispatcherFor(contents: WebContents): Dispatcher {
    let dispatcher = dispatchers.get(contents);
    if (dispatcher) return dispatcher;
    dispatcher = createDispatcher(service, {
      send: (message) => {
        if (!contents.isDestroyed()) contents.send(IPC_CHANNEL, message);
      },
      backlog: () => 0,
    });
    dispatchers.set(contents, dispatcher);
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.on('destroyed', () => close(contents));
      contents.on('render-process-gone', () => close(contents));
      contents.on('did-start-navigation', (event) => {
        if (event.isMainFrame && !event.isSameDocument) close(contents);
      });
    }
    return dispatcher;
  }

  const onMessage = (event: IpcMainEvent, raw: unknown): void => {
    const contents = event.sender;
    const frame = event.senderFrame;
    const main = contents.mainFrame;
    if (!frame || frame.parent !== null) return;
    if (frame.processId !== main.processId || frame.frameToken !== main.frameToken) return;
    if (!isOurWindow(contents) || !isAppUrl(frame.url)) return;
    dispatcherFor(contents).receive(raw);
  };

  ipcMain.on(IPC_CHANNEL, onMessage);
  return () => {
    ipcMain.removeListener(IPC_CHANNEL, onMessage);
    for (const contents of [...dispatchers.keys()]) close(contents);
  };
}
