/**
 * Browser mode's entry: the engine and the built renderer behind a loopback
 * server. Configured by BERTH_HOST (default 127.0.0.1), BERTH_PORT (0 or
 * unset: a free port) and BERTH_TOKEN (random when unset). Prints one line,
 * the address to open, and never logs the token anywhere else.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserServer } from './browser/server';
import { logUnexpected } from './transport/limited-log';

// The last resort. Every request's errors are caught where they arise (the
// server answers 400 or 500); should one still escape, ending the process
// would orphan every terminal open in a container and drop every tab's
// socket, so it is logged and Berth keeps serving.
process.on('uncaughtException', (error) => logUnexpected('an error escaped every handler', error));
process.on('unhandledRejection', (reason) => logUnexpected('a promise failed with nobody waiting on it', reason));

async function main(): Promise<void> {
  const port = Number(process.env.BERTH_PORT || 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`BERTH_PORT must be a port number (0 for any free port), not "${process.env.BERTH_PORT}"`);
  }
  // The engine's side loads first (dockerode, ws, the schemas: ~130 ms of
  // module compiling on one thread), so that it connects to the engine
  // while the page loads, and so that no page's request for its scripts
  // waits behind that compiling: "ready" comes later, the table sooner.
  const { createBerthService } = await import('./service');
  const berth = createBerthService();
  const server = await startBrowserServer({
    host: process.env.BERTH_HOST || '127.0.0.1',
    port,
    token: process.env.BERTH_TOKEN || randomBytes(32).toString('hex'),
    root: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    backend: Promise.resolve({ service: berth.service, transfers: berth.transfers }),
  });
  console.log(`Berth is ready: ${server.url}`);

  const shutdown = () => {
    void Promise.all([server.close(), berth.stop()]).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`Berth could not start browser mode: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
