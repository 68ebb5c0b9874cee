import { networkInterfaces } from 'node:os';
import { AddressPlan, generatePersonas, loadPlan } from '@lab/address-plan';
import { ConfigError, runMain, stopOnSignals } from '@lab/http-kit';
import {
  PeersDevice,
  directoryUrlFromEnv,
  peersDeviceFromEnv,
  peersOptionsFromEnv,
} from './config/peers.config';
import { LabClock } from './lab-clock';
import { Population, PopulationOptions } from './population';

/**
 * The population on its own, against a running directory: `PEERS_DIRECTORY_PORT=7001 node dist/apps/peers/src/main.js`.
 * In the Docker world each container is one persona's device instead (see peersDeviceFromEnv).
 */
runMain(async () => {
  const options = peersOptionsFromEnv();
  const plan = loadPlan();
  const clock = new LabClock(options.clockStartMinute, options.clockSpeed);
  const device = peersDeviceFromEnv();
  const common = {
    plan,
    clock,
    onMove: (s: { username: string; slot: string; publicAddress: string | null }) =>
      console.log(
        JSON.stringify({
          at: clock.describe(),
          user: s.username,
          on: s.slot,
          publicAddress: s.publicAddress,
        }),
      ),
  };
  const populations = device
    ? await Promise.all(device.directoryUrls.map((url) => startDevice(plan, device, url, common)))
    : [
        await Population.start({
          ...common,
          directoryUrl: directoryUrlFromEnv(),
          personas: [...plan.personas, ...generatePersonas(plan, options.extraPersonas, options.seed)],
        }),
      ];
  const status = populations[0].status();
  console.log(
    device
      ? `${device.persona}'s ${device.slot} device: ${status[0].online ? 'online' : 'offline for now'} at ${device.directoryUrls.join(', ')}`
      : `population online: ${status.filter((s) => s.online).length} of ${populations[0].agents.size}`,
  );
  // The routine timer does not hold the process open, and a persona that is offline for now has
  // no socket that would: the population lives until it is stopped.
  const keepAlive = setInterval(() => undefined, 3_600_000);
  stopOnSignals(async () => {
    clearInterval(keepAlive);
    await Promise.all(populations.map((p) => p.stop()));
  });
}, 'point PEERS_DIRECTORY_PORT at the directory');

function startDevice(
  plan: AddressPlan,
  device: PeersDevice,
  directoryUrl: string,
  common: Pick<PopulationOptions, 'plan' | 'clock' | 'onMove'>,
) {
  const persona = plan.persona(device.persona);
  if (!persona) throw new ConfigError('PEERS_PERSONA', `"${device.persona}" is not a persona of the plan`);
  if (!persona.networks[device.slot])
    throw new ConfigError('PEERS_SLOT', `${device.persona} has no ${device.slot} network in the plan`);
  const start = () =>
    Population.start({
      ...common,
      directoryUrl,
      personas: [persona],
      // What the client reports is what its network card really has, as a real client would.
      device: { slot: device.slot, lanAddresses: interfaceAddresses },
    });
  return untilStarted(start, directoryUrl);
}

/** A device waits for its directory (still starting, or restarting) instead of failing. */
async function untilStarted(start: () => Promise<Population>, directoryUrl: string): Promise<Population> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt === 1 || attempt % 15 === 0)
        console.log(`waiting for ${directoryUrl}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}
