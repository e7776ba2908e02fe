import { render } from 'preact';
import { LocationProvider, Router, Route, lazy, ErrorBoundary } from 'preact-iso';
import './styles.css';
import { KeyDialog } from './components/KeyDialog';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { Overview } from './pages/Overview';
import { NotFound } from './pages/NotFound';

// Every page but the overview loads on first visit, so the first load stays small.
const Events = lazy(() => import('./pages/Events').then((m) => m.Events));
const EventDetail = lazy(() => import('./pages/EventDetail').then((m) => m.EventDetail));
const Cameras = lazy(() => import('./pages/Cameras').then((m) => m.Cameras));
const ZoneEditor = lazy(() => import('./pages/ZoneEditor').then((m) => m.ZoneEditor));
const Entities = lazy(() => import('./pages/Entities').then((m) => m.Entities));
const Alerts = lazy(() => import('./pages/Alerts').then((m) => m.Alerts));
const Analytics = lazy(() => import('./pages/Analytics').then((m) => m.Analytics));
const Settings = lazy(() => import('./pages/Settings').then((m) => m.Settings));
const Operations = lazy(() => import('./pages/Operations').then((m) => m.Operations));

const NAV = [
  ['/', 'Overview'],
  ['/events', 'Events'],
  ['/cameras', 'Cameras'],
  ['/entities', 'Entities'],
  ['/alerts', 'Alerts'],
  ['/analytics', 'Analytics'],
  ['/settings', 'Settings'],
  ['/operations', 'Operations'],
] as const;

function Nav() {
  const here = location.pathname;
  return (
    <nav aria-label="Main">
      <ul>
        {NAV.map(([href, label]) => {
          const current = href === '/' ? here === '/' : here === href || here.startsWith(href + '/');
          return (
            <li key={href}>
              <a href={href} aria-current={current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function App() {
  return (
    <LocationProvider>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">HSI</span>
        <Nav />
        <ConnectionIndicator />
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Overview} />
            <Route path="/events" component={Events} />
            <Route path="/events/:id" component={EventDetail} />
            <Route path="/cameras" component={Cameras} />
            <Route path="/cameras/:id/zones" component={ZoneEditor} />
            <Route path="/entities" component={Entities} />
            <Route path="/entities/:id" component={Entities} />
            <Route path="/alerts" component={Alerts} />
            <Route path="/analytics" component={Analytics} />
            <Route path="/settings" component={Settings} />
            <Route path="/operations" component={Operations} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <KeyDialog />
    </LocationProvider>
  );
}

render(<App />, document.getElementById('app')!);
