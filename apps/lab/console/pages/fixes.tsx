import type { Fix } from '../types';
import { ErrorText, Loading, SourceLink, useApi } from '../ui';

export function FixesPage() {
  const fixes = useApi<Fix[]>('/console/api/fixes');
  return (
    <>
      <h1 tabIndex={-1}>The fix beside the leak</h1>
      <p class="lede">
        Each mitigation replaces some answers of the vulnerable policy. On the left, the vulnerable hooks it
        replaces; on the right, the mitigation's own file, both read from the lab's source as it runs.
      </p>
      <ErrorText error={fixes.error} />
      {fixes.loading && !fixes.data ? <Loading what="the mitigations' code" /> : null}
      {fixes.data?.map((fix) => (
        <section key={fix.id} class="fix" aria-labelledby={`fix-${fix.id}`}>
          <h2 id={`fix-${fix.id}`}>
            {fix.id} {fix.title}
          </h2>
          {fix.stops?.length ? <p>Stops {fix.stops.join(', ')}.</p> : null}
          <div class="side-by-side">
            <div>
              <h3>The leak: the hooks it replaces</h3>
              {fix.replaces.length ? (
                fix.replaces.map((hook) => (
                  <div key={hook.hook + hook.file}>
                    <p class="file">
                      <code>{hook.hook}</code> in <SourceLink path={hook.file} />
                    </p>
                    <pre tabIndex={0} aria-label={`${hook.hook}, vulnerable`}>
                      <code>{hook.code}</code>
                    </pre>
                  </div>
                ))
              ) : (
                <p class="muted">
                  It replaces no hook of the vulnerable policy: it adds behaviour of its own.
                </p>
              )}
            </div>
            <div>
              <h3>The fix</h3>
              <p class="file">
                {fix.file ? <SourceLink path={fix.file} /> : 'No file of its own in this lab.'}
              </p>
              <pre tabIndex={0} aria-label={`${fix.id}, the fix`}>
                <code>{fix.code}</code>
              </pre>
            </div>
          </div>
        </section>
      ))}
    </>
  );
}
