import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from './api';

/** The lab's own error message: it says what went wrong and what to do next. */
export function ErrorText({ error }: { error?: string }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** Loads one API path; `reload` fetches it again (after a change, or an event). */
export function useApi<T>(path: string | undefined): {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
} {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: errorMessage(error), loading: false }),
    );
    return () => void (live = false);
  }, [path, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}

export function Loading({ what, children }: { what: string; children?: ComponentChildren }) {
  return (
    <p class="muted" aria-busy="true">
      Loading {what}…{children}
    </p>
  );
}

/** A repository file, opened in the console's source view. */
export function SourceLink({ path, label }: { path: string; label?: string }) {
  // Folders are not served, only the files the lab's source view allows.
  if (!/\.ts$/.test(path)) return <code>{path}</code>;
  return (
    <a href={`#/source?path=${encodeURIComponent(path)}`} aria-label={label}>
      <code>{path}</code>
    </a>
  );
}
