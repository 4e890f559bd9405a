/**
 * The preload: exposes one typed client (shared/client.ts) as `window.berth`,
 * over a single IPC channel. ipcRenderer itself never reaches the page.
 * Built as CommonJS (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '#shared/client';

const CHANNEL = 'berth'; // electron/transport/ipc.ts IPC_CHANNEL

const client = createClient({
  send: (message) => ipcRenderer.send(CHANNEL, message),
  onMessage: (listener) => {
    ipcRenderer.on(CHANNEL, (_event, message: unknown) => listener(message));
  },
});

contextBridge.exposeInMainWorld('berth', {
  call: client.call,
  post: client.post,
  listen: client.listen,
});
