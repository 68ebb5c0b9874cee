import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import type { Exercise, Verdict } from '../types';
import { ErrorText, Loading, SourceLink, useApi } from '../ui';

export function ExercisePage({ id }: { id: string }) {
  const exercise = useApi<Exercise>(`/workshop/exercises/${encodeURIComponent(id)}`);
  const [answer, setAnswer] = useState('');
  const [verdict, setVerdict] = useState<Verdict | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const hint = () =>
    act(async () => {
      await api(`/workshop/exercises/${encodeURIComponent(id)}/hints`, { method: 'POST' });
      exercise.reload();
    });
  const check = (e: Event) => {
    e.preventDefault();
    // Empty first: the same verdict twice in a row is then a change a screen reader announces.
    setVerdict(undefined);
    return act(async () => {
      const takesAnswer = exercise.data?.check.answer !== undefined;
      setVerdict(
        await api<Verdict>(`/workshop/exercises/${encodeURIComponent(id)}/check`, {
          method: 'POST',
          body: takesAnswer ? { answer } : {},
        }),
      );
      exercise.reload();
    });
  };

  const x = exercise.data;
  if (!x) {
    return (
      <>
        <h1 tabIndex={-1}>{exercise.error ? 'Exercise not found' : 'Exercise'}</h1>
        <ErrorText error={exercise.error} />
        {exercise.error ? <a href="#/exercises">Back to the exercises</a> : <Loading what="the exercise" />}
      </>
    );
  }
  return (
    <>
      <p class="crumbs">
        <a href="#/exercises">Exercises</a> · exercise {x.order}
        {x.solved ? <span class="status status-solved">solved</span> : null}
      </p>
      <h1 tabIndex={-1}>{x.title}</h1>
      <p class="goal">{x.goal}</p>
      <details>
        <summary>Background</summary>
        <p class="prose">{x.background}</p>
      </details>
      <h2>Steps</h2>
      <ol class="steps">
        {x.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
      <p class="muted">
        In this console, the <a href="#/attack">Attacker</a> page runs the same attacks as the resolver, and
        the clock in the header moves the lab's time.
      </p>
      <h2>The question</h2>
      <p>{x.check.description}</p>
      {x.check.answer ? (
        <p>
          Your answer: <em>{x.check.answer}</em>.
        </p>
      ) : null}

      <h2>Hints</h2>
      {x.hints.length ? (
        <ol class="hints">
          {x.hints.map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ol>
      ) : null}
      <p>
        <button type="button" onClick={hint} disabled={busy || x.hintsRemaining === 0}>
          Show a hint
        </button>{' '}
        <span class="muted">
          {x.hintsRemaining === 0 ? 'No hints left.' : `${x.hintsRemaining} left; each one is recorded.`}
        </span>
      </p>

      <form class="check" onSubmit={check}>
        {x.check.answer ? (
          <>
            <label for="answer">Answer</label>
            <textarea id="answer" rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
          </>
        ) : (
          <p class="muted">No answer to type: the lab checks what it observed in the world.</p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Check
        </button>
      </form>
      <ErrorText error={error} />
      <div
        role="status"
        data-testid="verdict"
        class={verdict ? (verdict.solved ? 'verdict ok' : 'verdict no') : 'verdict'}
      >
        {verdict ? `${verdict.solved ? 'Solved' : 'Not yet'}: ${verdict.feedback}` : ''}
      </div>
      {verdict?.evidence.length ? (
        <ul class="evidence">
          {verdict.evidence.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}

      <h2>In the code</h2>
      <ul class="links">
        {[...x.links.leak.map((p) => ['The leak', p]), ...x.links.mitigation.map((p) => ['The fix', p])].map(
          ([what, path]) => (
            <li key={what + path}>
              {what}: <SourceLink path={path} />
            </li>
          ),
        )}
        {x.links.tests.map((path) => (
          <li key={path}>
            The test: <code>{path}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
