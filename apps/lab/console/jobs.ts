import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { useLabEvents } from './events';
import type { Job, MatrixCell } from './types';

export interface JobState<R> {
  job?: Job<R>;
  /** Cells a matrix job pushed before its result was complete. */
  cells: MatrixCell[];
  error?: string;
  running: boolean;
}

/**
 * Runs a lab job (POST /console/api/jobs) and follows it to the end: the WebSocket says when it
 * moved, a slow poll covers a page whose socket is down.
 */
export function useJob<R>(
  initial?: JobState<R>,
): [JobState<R>, (body: unknown) => Promise<Job<R> | undefined>, (id: string) => void] {
  const [state, setState] = useState<JobState<R>>(initial ?? { cells: [], running: false });
  const current = useRef<string | undefined>(undefined);
  const waiter = useRef<((job: Job<R> | undefined) => void) | undefined>(undefined);

  const refresh = async (id: string) => {
    try {
      const job = await api<Job<R>>(`/console/api/jobs/${encodeURIComponent(id)}`);
      if (current.current !== id) return;
      const finished = job.status !== 'running';
      setState((s) => ({ ...s, job, running: !finished, error: job.error?.message }));
      if (finished) {
        current.current = undefined;
        waiter.current?.(job);
      }
    } catch (error) {
      if (current.current !== id) return;
      current.current = undefined;
      setState((s) => ({ ...s, running: false, error: errorMessage(error) }));
      waiter.current?.(undefined);
    }
  };

  useLabEvents((event) => {
    if (event.type !== 'job' || event.id !== current.current) return;
    const cell = event.cell;
    if (cell) {
      setState((s) => ({
        ...s,
        cells: [...s.cells.filter((c) => c.row !== cell.row || c.column !== cell.column), cell],
        job: s.job ? { ...s.job, progress: event.progress ?? s.job.progress } : s.job,
      }));
    } else if (event.progress) {
      setState((s) => (s.job ? { ...s, job: { ...s.job, progress: event.progress } } : s));
    }
    if (event.status !== 'running') void refresh(event.id);
  });

  useEffect(() => {
    const timer = setInterval(() => current.current && void refresh(current.current), 1500);
    return () => {
      clearInterval(timer);
      current.current = undefined;
    };
  }, []);

  const run = async (body: unknown) => {
    setState({ cells: [], running: true });
    try {
      const job = await api<Job<R>>('/console/api/jobs', { method: 'POST', body });
      current.current = job.id;
      setState({ cells: [], running: true, job });
      return await new Promise<Job<R> | undefined>((resolve) => {
        waiter.current = resolve;
        void refresh(job.id);
      });
    } catch (error) {
      setState({ cells: [], running: false, error: errorMessage(error) });
      return undefined;
    }
  };
  /** Follows a job started elsewhere (another tab, before a reload). */
  const follow = (id: string) => {
    current.current = id;
    setState((s) => (s.job?.id === id ? { ...s, running: true } : { cells: [], running: true }));
    void refresh(id);
  };
  return [state, run, follow];
}
