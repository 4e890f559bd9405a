import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { BerthClient } from '#shared/client';
import { App } from './App';
import { ClientContext } from './hooks/useClient';
import { MissingToken } from './MissingToken';
import { placeOf } from './routes';
import { useEnginesStore } from './store/engineStore';
import { startStateSync } from './store/sync';
import { getClient, MissingTokenError } from './transport/getClient';
import './styles.css';

function connect(): BerthClient | null {
  try {
    return getClient();
  } catch (error) {
    if (error instanceof MissingTokenError) return null;
    throw error;
  }
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');
const root = createRoot(container);
const client = connect();

if (client === null) {
  root.render(<MissingToken />);
} else {
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
  root.render(
    <StrictMode>
      <ClientContext value={client}>
        <App />
      </ClientContext>
    </StrictMode>,
  );
}
