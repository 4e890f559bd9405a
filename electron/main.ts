/**
 * The Electron main process: app lifecycle only. The engines live in
 * electron/engines (plain Node, behind createBerthService); windows and their
 * security handlers in window.ts; the berth:// protocol in protocol.ts; the
 * IPC binding in transport/ipc.ts.
 */
import { join } from 'node:path';
import { app, session, type BrowserWindow } from 'electron';
import { registerAppScheme, serveApp } from './protocol';
import { pinsFile } from './engine/cleanup/pins';
import { settingsFile } from './engines/settings';
import { dockerConfigDir } from './registries/docker-config';
import { safeStorageBox } from './registries/safe-storage';
import { CredentialStore } from './registries/store';
import { createBerthService } from './service';
import { bindIpc } from './transport/ipc';
import { createMainWindow, focusWindow, guardWebContents, hardenSession, openExternal } from './window';

app.enableSandbox();
registerAppScheme(); // must happen before 'ready'
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let engine: ReturnType<typeof createBerthService> | undefined;
  let unbindIpc: (() => void) | undefined;
  let stopping = false;

  const openWindow = (): void => {
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  };

  app.on('second-instance', () => focusWindow(mainWindow));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && !mainWindow) openWindow();
  });

  // Stop the engine (its event stream, streams, exec sessions) before exiting.
  app.on('before-quit', (event) => {
    if (stopping || !engine) return;
    event.preventDefault();
    stopping = true;
    unbindIpc?.();
    const running = engine;
    engine = undefined;
    running
      .stop()
      .catch((error: unknown) => console.error('berth: error while stopping the engine', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => {
      if (process.platform === 'win32') app.setAppUserModelId('dev.berth.app');
      hardenSession(session.defaultSession);
      engine = createBerthService({
        settings: settingsFile(app.getPath('userData')),
        host: { openExternal, pins: pinsFile(app.getPath('userData')) },
        credentials: new CredentialStore({
          configDir: dockerConfigDir(),
          secretPath: join(app.getPath('userData'), 'credentials.json'),
          box: safeStorageBox,
        }),
      });
      serveApp(join(__dirname, '../renderer'), engine.transfers);
      unbindIpc = bindIpc(engine.service);
      openWindow();
    })
    .catch((error: unknown) => {
      console.error('berth: failed to start', error);
      app.exit(1);
    });
}
