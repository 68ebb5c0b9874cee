import 'reflect-metadata';
import { LeaseLog, loadPlan } from '@lab/address-plan';
import { runMain, stopOnSignals } from '@lab/http-kit';
import { startIsp } from './bootstrap';
import { ispOptionsFromEnv } from './config/isp.config';
import { openPreloadedLeases, preloadedLeasesFromEnv } from './config/preloaded-leases';
import { LAWFUL_REQUEST_SCHEME } from './leases/lawful-request.guard';

/** A standalone ISP registry: `ISP_PORT=7003 node dist/apps/isp/src/main.js`. */
runMain(async () => {
  const { tokenGenerated, warning, ...options } = ispOptionsFromEnv();
  const plan = loadPlan();
  const leases = new LeaseLog();
  // The Docker world knows its leases in advance (ISP_LEASES); a standalone ISP has none.
  const preloaded = openPreloadedLeases(leases, preloadedLeasesFromEnv(plan));
  const isp = await startIsp({ ...options, plan, leases });
  if (warning) isp.logger.warn(warning);
  isp.logger.info({ url: isp.url }, 'ISP registry listening');
  // Printed, not logged: the participant needs it, and the logs redact tokens.
  console.log(
    [
      '',
      `ISP registry: ${isp.url}  (RDAP: ${isp.url}/ip/198.51.100.10 · API docs: ${isp.url}/docs)`,
      `Lawful-request token${tokenGenerated ? ' (random, set ISP_LAWFUL_REQUEST_TOKEN to fix it)' : ''}: ${options.lawfulRequestToken}`,
      `  e.g. curl -H 'Authorization: ${LAWFUL_REQUEST_SCHEME} ${options.lawfulRequestToken}' '${isp.url}/isps/northwind/leases?address=198.51.100.10&at=${new Date().toISOString()}'`,
      preloaded
        ? `Lease log: ${preloaded} records from ISP_LEASES (the Docker world's routers and carrier-grade NAT port blocks).`
        : 'The lease logs of a standalone ISP stay empty: in `npm start` the lab records leases as its personas move.',
      `Support desk: ${options.desk} (ISP_DESK=vulnerable|fixed) — POST ${isp.url}/isps/northwind/desk/calls`,
      '',
    ].join('\n'),
  );
  stopOnSignals(() => isp.close());
}, 'choose another with ISP_PORT');
