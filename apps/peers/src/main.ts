import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
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
import { sharedClock } from './shared-clock';

/**
 * The population on its own, against a running directory: `PEERS_DIRECTORY_PORT=7001 node dist/apps/peers/src/main.js`.
 * In the Docker world each container is one persona's device instead (see peersDeviceFromEnv).
 */
runMain(async () => {
  const options = peersOptionsFromEnv();
  const plan = loadPlan();
  const device = peersDeviceFromEnv();
  // The Docker world shares one clock origin between its containers (see sharedClock).
  const clock = device?.clockFile
    ? sharedClock(device.clockFile, options)
    : new LabClock(options.clockStartMinute, options.clockSpeed);
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
  const seenWriter = device?.seenDir ? writeSeen(device, populations) : undefined;
  stopOnSignals(async () => {
    clearInterval(keepAlive);
    clearInterval(seenWriter);
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

/**
 * The victim's view, for the lab API of the Docker world: each event this device's user was shown
 * is appended, once, as a JSON line to `<seenDir>/<directory id>/<persona>.<slot>.jsonl` (a volume
 * the lab API reads). Appending keeps what was seen across restarts of the device.
 */
function writeSeen(device: PeersDevice, populations: Population[]): NodeJS.Timeout {
  const written = populations.map(() => 0);
  const statuses = populations.map(() => '');
  const flush = () =>
    populations.forEach((population, i) => {
      const dir = join(device.seenDir!, device.directoryIds[i]);
      const file = join(dir, `${device.persona}.${device.slot}`);
      const seen = population.agent(device.persona)?.seen ?? [];
      // Where the device is, for the lab API's GET /status (rewritten when it changes).
      const status = JSON.stringify(population.status()[0]);
      try {
        mkdirSync(dir, { recursive: true });
        if (status !== statuses[i]) {
          writeFileSync(`${file}.status.json`, status);
          statuses[i] = status;
        }
        if (seen.length <= written[i]) return;
        appendFileSync(
          `${file}.jsonl`,
          seen
            .slice(written[i])
            .map((event) => JSON.stringify(event) + '\n')
            .join(''),
        );
        written[i] = seen.length;
      } catch (error) {
        console.error(`cannot write the victim's view to ${dir}: ${(error as Error).message}`);
      }
    });
  return setInterval(flush, 1000);
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}
