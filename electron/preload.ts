/**
 * The preload: exposes one typed client (shared/client.ts) as `window.berth`,
 * over a single IPC channel, and the Electron-only requests
 * (shared/desktop.ts) as `window.berthDesktop`. ipcRenderer itself never
 * reaches the page.
 * Built as CommonJS (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '#shared/client';
import { PICK_FOLDER_CHANNEL, type DesktopBridge, type PickFolderArgs } from '#shared/desktop';

const CHANNEL = 'berth'; // electron/transport/ipc.ts IPC_CHANNEL

const client = createClient({
  send: (message) => ipcRenderer.send(CHANNEL, message),
  onMessage: (listener) => {
    ipcRenderer.on(CHANNEL, (_event, message: unknown) => listener(message));
  },
});

// contextBridge copies what crosses it; functions inside a returned object cross as proxies.
contextBridge.exposeInMainWorld('berth', {
  call: client.call,
  listen: client.listen,
  engine: (id: string) => {
    const engine = client.engine(id);
    return { engine: engine.engine, call: engine.call, post: engine.post, listen: engine.listen };
  },
});

const desktop: DesktopBridge = {
  pickFolder: (args: PickFolderArgs) => ipcRenderer.invoke(PICK_FOLDER_CHANNEL, args),
};
contextBridge.exposeInMainWorld('berthDesktop', desktop);
