import { useLabEvents } from '../events';
import type { ExerciseSummary } from '../types';
import { ErrorText, Loading, useApi } from '../ui';

const STATUS_TEXT = { solved: 'solved', started: 'started', new: 'not started' };

export function ExercisesPage() {
  const list = useApi<{ instance: string; exercises: ExerciseSummary[] }>('/workshop/exercises');
  useLabEvents((event) => event.type === 'solved' && list.reload());
  const exercises = list.data?.exercises ?? [];
  const solved = exercises.filter((e) => e.status === 'solved').length;
  return (
    <>
      <h1 tabIndex={-1}>Exercises</h1>
      <ErrorText error={list.error} />
      {list.data ? (
        <>
          <p class="score">
            <strong data-testid="score">
              {solved} of {exercises.length} solved
            </strong>
            <span class="muted"> · this lab's draw: {list.data.instance}</span>
          </p>
          <progress max={exercises.length} value={solved} aria-label="Exercises solved" />
          <ol class="exercises">
            {exercises.map((e) => (
              <li key={e.id} data-status={e.status} data-exercise-id={e.id}>
                <a href={`#/exercises/${encodeURIComponent(e.id)}`}>{e.title}</a>
                <span class={`status status-${e.status}`}>{STATUS_TEXT[e.status]}</span>
                <span class="muted">
                  {'★'.repeat(e.difficulty)}
                  <span class="visually-hidden"> difficulty {e.difficulty} of 5</span> · about {e.minutes} min
                  · hints {e.hints}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : list.error ? null : (
        <Loading what="the exercises" />
      )}
    </>
  );
}
