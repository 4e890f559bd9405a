/**
 * The one place the renderer gets its BerthClient. In Electron the preload
 * has already built it over IPC and exposed it as `window.berth`; in browser
 * mode we build it here over a WebSocket to the loopback server that served
 * this page.
 */
import { createClient, type BerthClient } from '#shared/client';
import { setLink } from './linkStore';
import { createSocketPort } from './socketPort';
import { takeSessionToken } from './token';

export class MissingTokenError extends Error {
  constructor() {
    super('Open Berth with the address it printed, including ?token=…');
    this.name = 'MissingTokenError';
  }
}

/**
 * The preload's client. contextBridge hands out a new proxy on every call of
 * `engine(id)`; keep the first one per engine, so an engine's client is the
 * same object for the page's life (hooks and memos depend on that).
 */
function exposedClient(): BerthClient | undefined {
  const exposed = (globalThis as { berth?: BerthClient }).berth;
  if (!exposed) return undefined;
  const engines = new Map<string, ReturnType<BerthClient['engine']>>();
  return {
    call: exposed.call,
    listen: exposed.listen,
    engine: (id) => {
      let client = engines.get(id);
      if (!client) engines.set(id, (client = exposed.engine(id)));
      return client;
    },
  };
}

/** Throws MissingTokenError in browser mode when the page was opened without its token. */
export function getClient(): BerthClient {
  const exposed = exposedClient();
  if (exposed) {
    setLink({ state: 'open' });
    return exposed;
  }
  const token = takeSessionToken();
  if (token === null) throw new MissingTokenError();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  let everOpened = false;
  let retrying = false;
  const port = createSocketPort({
    connect: () => new WebSocket(url),
    onEvent: (event) => {
      switch (event.type) {
        case 'open':
          everOpened = true;
          retrying = false;
          setLink({ state: 'open' });
          break;
        case 'connecting':
          setLink({ state: 'connecting', everOpened, retrying });
          break;
        case 'closed':
          retrying = true;
          setLink({ state: 'closed', everOpened, retryAt: Date.now() + event.retryInMs });
          break;
      }
    },
  });
  return createClient(port);
}
