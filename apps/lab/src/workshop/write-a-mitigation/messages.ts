/** What the child process running a participant's directory tells the check, over its IPC channel. */
export type ChildMessage =
  /** The directory listens at `url`. */
  | { kind: 'ready'; url: string }
  /** The directory did not start: the file did not load, its export is not a policy override, or start-up failed. */
  | { kind: 'not-started'; message: string }
  /** A hook of the participant's threw while the directory served a request (reported once per hook). */
  | { kind: 'hook-threw'; hook: string; message: string; at?: string };
