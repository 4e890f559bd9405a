/**
 * The one window factory and the handlers that keep every web contents on
 * Berth's own pages: sandboxed, isolated, no Node, no webviews, no new
 * windows, no navigation away, no permissions. (Electron's security
 * checklist; DESIGN.md "Security".)
 */
import { join } from 'node:path';
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-files';

export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Web contents of the windows this factory made: the only ones IPC answers. */
const ours = new WeakSet<WebContents>();

export function isOurWindow(contents: WebContents): boolean {
  return ours.has(contents);
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Berth',
    backgroundColor: '#15171c',
    webPreferences: {
      preload: join(__dirname, '../preload/preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      experimentalFeatures: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  ours.add(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}

/**
 * Applied to every web contents Electron creates (windows, devtools, anything
 * else): no webviews, no popups, no navigation off the app's own origin.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => block(event, event.url));
  contents.on('will-frame-navigate', (event) => block(event, event.url));
  contents.on('will-redirect', (event) => block(event, event.url));
}

/**
 * Every permission (camera, notifications, clipboard reading, HID, serial,
 * external protocols, …) is refused, with one exception: writing text to the
 * clipboard (a "Copy" button; sanitised, and only on a user gesture), for the
 * main frame of Berth's own window on berth://app.
 */
const GRANTED = new Set<string>(['clipboard-sanitized-write']);

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(GRANTED.has(permission) && isOurWindow(contents) && details.isMainFrame && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    return (
      GRANTED.has(permission) &&
      contents !== null &&
      isOurWindow(contents) &&
      details.isMainFrame &&
      isAppUrl(requestingOrigin)
    );
  });
  session.setDevicePermissionHandler(() => false);
}

/**
 * The one gate to the user's browser: http(s) only, and only for a URL that
 * main built itself (from a container's inspected host port) or checked
 * against the full address the user confirmed (a terminal's link, see
 * engine/exec/links.ts). Never pass it a string straight from the renderer.
 */
export function openExternal(url: URL): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`Refusing to open a ${url.protocol} URL`));
  }
  return shell.openExternal(url.href);
}

/** Show and focus the existing window (a second instance was launched). */
export function focusWindow(win: BrowserWindow | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
