/**
 * berth://app/ — the renderer is served from a privileged custom scheme,
 * confined to the built renderer folder (app-files.ts), never from file://.
 * Every response carries the strict CSP as a header.
 */
import { protocol } from 'electron';
import { APP_SCHEME, createAppFileHandler } from './app-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer folder on berth://app/ (after 'ready'). */
export function serveApp(root: string): void {
  protocol.handle(APP_SCHEME, createAppFileHandler(root));
}
