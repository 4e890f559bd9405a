/**
 * berth://app/ — the renderer is served from a privileged custom scheme,
 * confined to the built renderer folder (app-files.ts), never from file://.
 * Every response carries the strict CSP as a header.
 */
import { protocol } from 'electron';
import { APP_SCHEME, createAppFileHandler } from './app-files';
import type { TransferHandler } from './app-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // codeCache: V8 keeps the compiled renderer script between launches, as it does for https.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer folder, and the Files tab's transfers, on berth://app/ (after 'ready'). */
export function serveApp(root: string, transfers: TransferHandler): void {
  protocol.handle(APP_SCHEME, createAppFileHandler(root, transfers));
}
