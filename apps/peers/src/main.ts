import { generatePersonas, loadPlan } from '@lab/address-plan';
import { runMain, stopOnSignals } from '@lab/http-kit';
import { directoryUrlFromEnv, peersOptionsFromEnv } from './config/peers.config';
import { LabClock } from './lab-clock';
import { Population } from './population';

/** The population on its own, against a running directory: `PEERS_DIRECTORY_PORT=7001 node dist/apps/peers/src/main.js`. */
runMain(async () => {
  const options = peersOptionsFromEnv();
  const plan = loadPlan();
  const clock = new LabClock(options.clockStartMinute, options.clockSpeed);
  const population = await Population.start({
    directoryUrl: directoryUrlFromEnv(),
    plan,
    clock,
    personas: [...plan.personas, ...generatePersonas(plan, options.extraPersonas, options.seed)],
    onMove: (s) =>
      console.log(
        JSON.stringify({
          at: clock.describe(),
          user: s.username,
          on: s.slot,
          publicAddress: s.publicAddress,
        }),
      ),
  });
  console.log(
    `population online: ${population.status().filter((s) => s.online).length} of ${population.agents.size}`,
  );
  stopOnSignals(() => population.stop());
}, 'point PEERS_DIRECTORY_PORT at the directory');
