/**
 * The page's first work, run before React's DOM side and the views are
 * evaluated (main.tsx imports this module first): the socket to main opens,
 * and the store asks for the engines and the state of the engine the address
 * names, while the rest of the script still runs. Main's answer is then
 * being made meanwhile, and the socket's open is handled before the first
 * render rather than after it.
 */
import type { BerthClient } from '#shared/client';
import { placeOf } from './routes';
import { useEnginesStore } from './store/engineStore';
import { startStateSync } from './store/sync';
import { getClient, MissingTokenError } from './transport/getClient';

function connect(): BerthClient | null {
  try {
    return getClient();
  } catch (error) {
    if (error instanceof MissingTokenError) return null;
    throw error;
  }
}

// The app's code was fetched whole and runs: public/start-check.js need not speak.
document.documentElement.setAttribute('data-berth-started', '');

/** The client for the page's life; null when browser mode was opened without its token. */
export const client = connect();

if (client !== null) {
  // The store is fed for the life of the page with what the address shows:
  // one engine, or every engine for "All engines".
  startStateSync(client, useEnginesStore.getState(), {
    wanted: () => {
      const place = placeOf(window.location.hash.replace(/^#/, ''));
      return place.all ? 'all' : place.engine === null ? [] : [place.engine];
    },
    watchWanted: (changed) => {
      window.addEventListener('hashchange', changed);
      return () => window.removeEventListener('hashchange', changed);
    },
  });
}
