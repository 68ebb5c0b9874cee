// The lab's web console: what the attacker learns, what the victim saw, and the fixes, in a browser.
// Hash routes, so the lab serves one index.html for every page.
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { connectEvents, useLabEvents } from './events';
import { LabClock } from './clock';
import { ExercisesPage } from './pages/exercises';
import { ExercisePage } from './pages/exercise';
import { AttackerPage } from './pages/attacker';
import { VictimPage } from './pages/victim';
import { MatrixPage } from './pages/matrix';
import { FixesPage } from './pages/fixes';
import { SourcePage } from './pages/source';

const LINKS = [
  { href: '#/exercises', label: 'Exercises' },
  { href: '#/attack', label: 'Attacker' },
  { href: '#/victim', label: 'Victim' },
  { href: '#/matrix', label: 'Matrix' },
  { href: '#/fixes', label: 'The fix beside the leak' },
];

function currentRoute(): string {
  return location.hash.replace(/^#/, '') || '/exercises';
}

function Page({ route }: { route: string }) {
  const [path, query = ''] = route.split('?');
  const exercise = /^\/exercises\/(.+)$/.exec(path);
  if (exercise) return <ExercisePage id={decodeURIComponent(exercise[1])} />;
  switch (path) {
    case '/attack':
      return <AttackerPage />;
    case '/victim':
      return <VictimPage />;
    case '/matrix':
      return <MatrixPage />;
    case '/fixes':
      return <FixesPage />;
    case '/source':
      return <SourcePage path={new URLSearchParams(query).get('path') ?? ''} />;
    case '/exercises':
      return <ExercisesPage />;
    default:
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            The console has no page {path}. <a href="#/exercises">Go to the exercises</a>.
          </p>
        </>
      );
  }
}

/** "Solved: <title>" for a moment, whichever front end ran the check. */
function SolvedToast() {
  const [text, setText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLabEvents((event) => {
    if (event.type !== 'solved') return;
    setText(`Solved: ${event.title}`);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setText(''), 10_000);
  });
  // The live region stays in the page, empty, so screen readers announce what appears in it.
  return (
    <div class="toast" role="status" data-testid="toast">
      {text}
    </div>
  );
}

function App() {
  const [route, setRoute] = useState(currentRoute);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const page = LINKS.find((l) => route.startsWith(l.href.slice(1)))?.label ?? 'Console';
    document.title = `${page} · lastseen-lab console`;
    // After a navigation, start reading at the new page, as a full page load would.
    if (!first.current) {
      scrollTo(0, 0);
      main.current?.focus({ preventScroll: true });
    }
    first.current = false;
  }, [route]);

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash is the route: move the focus without changing it.
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <p class="brand">lastseen-lab</p>
        <nav aria-label="Console">
          <ul>
            {LINKS.map((l) => (
              <li key={l.href}>
                <a href={l.href} aria-current={route.startsWith(l.href.slice(1)) ? 'page' : undefined}>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LabClock />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <SolvedToast />
    </>
  );
}

connectEvents();
render(<App />, document.getElementById('app')!);
