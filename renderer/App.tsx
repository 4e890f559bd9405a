import type { ReactNode } from 'react';
import { OnDemand } from './components/OnDemand';
import { Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ConnectionStatus } from './components/ConnectionStatus';
import { RemoveContainerDialog } from './components/RemoveContainerDialog';
import { Sidebar } from './components/Sidebar';
import { EngineScope } from './engines/scope';
import { href, isMergedListSection, paths, patterns, placeOf } from './routes';
import { useEnginesStore } from './store/engineStore';
import { ContainerDetail } from './views/containers/ContainerDetail';
import { ContainersView } from './views/containers/ContainersView';
import { EngineView } from './views/engine/EngineView';
import { ImageDetail } from './views/images/ImageDetail';
import { ImagesView } from './views/images/ImagesView';
import { NetworkDetail } from './views/networks/NetworkDetail';
import { NetworksView } from './views/networks/NetworksView';
import { VolumesView } from './views/volumes/VolumesView';
import { ActivityView } from './views/activity/ActivityView';
import { AllActivityView } from './views/activity/AllActivityView';
import { AllEnginesView } from './views/all/AllEnginesView';
import { RegistriesView } from './views/registries/RegistriesView';
import { CleanupView } from './views/cleanup/CleanupView';
import { EventsView } from './views/events/EventsView';
import { ProjectLogsPage, VolumePage } from './views/lazy';

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
            <PageEngineStatus />
          </header>
          <main className="content">
            <Switch>
              <Route path={`${patterns.engine}/*?`}>{(params) => <OneEngine engine={decodeURIComponent(params.engine)} />}</Route>
              <Route path={paths.all('activity')} component={AllActivityView} />
              <Route path={patterns.all}>{(params) => (isMergedListSection(params.section) ? <AllEnginesView section={params.section} /> : <ToCurrentEngine />)}</Route>
              <Route>
                <ToCurrentEngine />
              </Route>
            </Switch>
          </main>
        </div>
      </div>
      <RemoveContainerDialog />
    </Router>
  );
}

/** The status line of the engine the page is about. */
function PageEngineStatus(): ReactNode {
  const [location] = useLocation();
  const { engine } = placeOf(location);
  return (
    engine !== null && (
      <EngineScope value={engine}>
        <ConnectionStatus />
      </EngineScope>
    )
  );
}

/** The pages of one engine, each inside that engine's scope. */
function OneEngine({ engine }: { engine: string }): ReactNode {
  const known = useEnginesStore((store) => (store.engines === null ? null : store.engines.some((e) => e.id === engine)));
  if (known === false) return <NoSuchEngine engine={engine} />;
  return (
    <EngineScope value={engine}>
      <Switch>
        <Route path={patterns.containers} component={ContainersView} />
        {/* Keyed by id: another container is a fresh page (tab, "removed" memory). */}
        <Route path={patterns.container}>{(params) => <ContainerDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
        <Route path={patterns.projectLogs}>
          {(params) => (
            <OnDemand what="the project's logs">
              <ProjectLogsPage key={params.name} name={decodeURIComponent(params.name)} />
            </OnDemand>
          )}
        </Route>
        <Route path={patterns.images} component={ImagesView} />
        <Route path={patterns.image}>{(params) => <ImageDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
        <Route path={patterns.volumes} component={VolumesView} />
        <Route path={patterns.volume}>
          {(params) => (
            <OnDemand what="the volume's page">
              <VolumePage key={params.name} name={decodeURIComponent(params.name)} />
            </OnDemand>
          )}
        </Route>
        <Route path={patterns.networks} component={NetworksView} />
        <Route path={patterns.network}>{(params) => <NetworkDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
        <Route path={patterns.engineInfo} component={EngineView} />
        <Route path={patterns.activity} component={ActivityView} />
        <Route path={patterns.registries} component={RegistriesView} />
        <Route path={patterns.cleanup} component={CleanupView} />
        <Route path={patterns.events} component={EventsView} />
        <Route path={patterns.engine}>
          <Redirect to={paths.containers(engine)} replace />
        </Route>
        <Route>
          <NotFound engine={engine} />
        </Route>
      </Switch>
    </EngineScope>
  );
}

/**
 * An address without an engine (the app's start, or a link from before
 * addresses named one: `#/containers/<id>`) means the engine the docker CLI
 * would use, as soon as the engine list says which that is.
 */
function ToCurrentEngine(): ReactNode {
  const [location] = useLocation();
  const current = useEnginesStore((store) => store.engines?.find((e) => e.current) ?? store.engines?.[0] ?? null);
  const loaded = useEnginesStore((store) => store.engines !== null);
  if (!loaded) return <p className="muted">Loading…</p>;
  if (current === null) {
    return (
      <section className="view">
        <h1>No engines</h1>
        <p>Berth found no Docker engine on this machine. Add one from the engine menu.</p>
      </section>
    );
  }
  const rest = location === '/' ? '/containers' : location;
  return <Redirect to={`${paths.home(current.id)}${rest}`} replace />;
}

function NoSuchEngine({ engine }: { engine: string }): ReactNode {
  return (
    <section className="view">
      <h1>No such engine</h1>
      <p>
        Berth has no engine “{engine}” (it may have been removed). <a href={href('/')}>Go to the current engine</a>
      </p>
    </section>
  );
}

function NotFound({ engine }: { engine: string }): ReactNode {
  return (
    <section className="view">
      <h1>Not found</h1>
      <p>
        Berth has no page at this address. <a href={href(paths.containers(engine))}>Go to containers</a>
      </p>
    </section>
  );
}
