import { ErrorText, Loading, useApi } from '../ui';

/** One attack, policy or mitigation file, as the lab runs it (the matrix and the exercises link here). */
export function SourcePage({ path }: { path: string }) {
  const file = useApi<{ path: string; code: string }>(
    path ? `/console/api/source?path=${encodeURIComponent(path)}` : undefined,
  );
  return (
    <>
      <p class="crumbs">
        <button type="button" class="link" onClick={() => history.back()}>
          Back
        </button>
      </p>
      <h1 tabIndex={-1}>
        <code>{path || 'No file given'}</code>
      </h1>
      <ErrorText error={path ? file.error : 'Open a file from the matrix, the fixes or an exercise.'} />
      {path && file.loading && !file.data ? <Loading what={path} /> : null}
      {file.data ? (
        <pre class="source" tabIndex={0} aria-label={path}>
          <code>{file.data.code}</code>
        </pre>
      ) : null}
    </>
  );
}
