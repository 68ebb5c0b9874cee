/** Who ran a workshop check: the console sends `X-Lab-Client: console`, the command line `cli`. */
export type CheckClient = 'console' | 'cli' | 'api';

export interface JobProgress {
  done: number;
  total: number;
}

/** What the console's WebSocket (`/console/events`) sends; every message is one JSON text frame. */
export type ConsoleMessage =
  | { type: 'hello'; instance: string; labTime: string; labMinutes: number }
  | { type: 'solved'; id: string; title: string; solvedAt: string; via: CheckClient }
  | { type: 'clock'; labTime: string; labMinutes: number; speed: number; paused: boolean }
  | {
      type: 'job';
      id: string;
      kind: string;
      status: 'running' | 'done' | 'failed';
      progress: JobProgress;
      cell?: unknown;
    }
  | { type: 'error'; code: string; message: string };

export const CONSOLE_EVENTS_PATH = '/console/events';
