import { Suspense, type ReactNode } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ConnectionStatus } from './components/ConnectionStatus';
import { RemoveContainerDialog } from './components/RemoveContainerDialog';
import { Sidebar } from './components/Sidebar';
import { ContainerDetail } from './views/ContainerDetail';
import { ContainersView } from './views/ContainersView';
import { EngineView } from './views/EngineView';
import { ImagesView } from './views/ImagesView';
import { NetworksView } from './views/NetworksView';
import { VolumesView } from './views/VolumesView';
import { ProjectLogsPage } from './views/lazy';

export function App(): ReactNode {
  return (
    <Router hook={useHashLocation}>
      <div className="app">
        <aside className="sidebar">
          <p className="brand">Berth</p>
          <Sidebar />
        </aside>
        <div className="main">
          <header className="topbar">
            <ConnectionStatus />
          </header>
          <main className="content">
            <Switch>
              <Route path="/containers" component={ContainersView} />
              {/* Keyed by id: another container is a fresh page (tab, "removed" memory). */}
              <Route path="/containers/:id">{(params) => <ContainerDetail key={params.id} id={params.id} />}</Route>
              <Route path="/projects/:name/logs">{(params) => (
                  <Suspense fallback={<p className="muted">Loading…</p>}>
                    <ProjectLogsPage key={params.name} name={decodeURIComponent(params.name)} />
                  </Suspense>
                )}</Route>
              <Route path="/images" component={ImagesView} />
              <Route path="/volumes" component={VolumesView} />
              <Route path="/networks" component={NetworksView} />
              <Route path="/engine" component={EngineView} />
              <Route path="/">
                <Redirect to="/containers" replace />
              </Route>
              <Route>
                <NotFound />
              </Route>
            </Switch>
          </main>
        </div>
      </div>
      <RemoveContainerDialog />
    </Router>
  );
}

function NotFound(): ReactNode {
  return (
    <section className="view">
      <h1>Not found</h1>
      <p>
        Berth has no page at this address. <a href="#/containers">Go to containers</a>
      </p>
    </section>
  );
}
