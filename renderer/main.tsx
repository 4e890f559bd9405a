import './zodConfig';
// First after zod's configuration: it opens the socket (see boot.ts).
import { client } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClientContext } from './hooks/useClient';
import { MissingToken } from './MissingToken';
import { ViewFailure } from './components/OnDemand';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');
const root = createRoot(container);

if (client === null) {
  root.render(<MissingToken />);
} else {
  root.render(
    <StrictMode>
      <ClientContext value={client}>
        {/* The last catch: an error no view caught says so, rather than leaving the page blank. */}
        <ViewFailure what="this page">
          <App />
        </ViewFailure>
      </ClientContext>
    </StrictMode>,
  );
}
