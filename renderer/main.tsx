import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { BerthClient } from '#shared/client';
import { App } from './App';
import { ClientContext } from './hooks/useClient';
import { MissingToken } from './MissingToken';
import { useEngineStore } from './store/engineStore';
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
  // The app opens on the containers list. Settling the address before the
  // first render spares a whole second render pass, which <Redirect> would
  // cost on every launch (it navigates only once it has rendered).
  if (location.hash === '' || location.hash === '#' || location.hash === '#/') {
    history.replaceState(history.state, '', `${location.pathname}${location.search}#/containers`);
  }
  // The store is fed for the life of the page, whatever view is showing.
  startStateSync(client, useEngineStore.getState());
  root.render(
    <StrictMode>
      <ClientContext value={client}>
        <App />
      </ClientContext>
    </StrictMode>,
  );
}
