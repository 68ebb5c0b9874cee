import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadPlan } from '@lab/address-plan';
import { parseCidr } from '@lab/sandbox';
import { hostCollisions, readHostRoutes } from './host-networks';
import { renderCompose } from './compose-world';

/**
 * `npm run docker:compose`: writes docker/compose.yaml from the address plan.
 * `npm run docker:check`: refuses (exit 1) when a network of docker/compose.yaml would collide with
 * one of the host's own networks; run before any network is created.
 */
const COMPOSE_PATH = resolve(process.cwd(), 'docker/compose.yaml');

function composeSubnets(text: string) {
  const file = parse(text) as { networks: Record<string, { ipam: { config: { subnet: string }[] } }> };
  return Object.entries(file.networks).flatMap(([name, n]) =>
    n.ipam.config.map((c) => ({ name, subnet: parseCidr(c.subnet) })),
  );
}

function check(text: string): boolean {
  const problems = hostCollisions(composeSubnets(text), readHostRoutes());
  if (!problems.length) {
    console.log('docker:check: no network of docker/compose.yaml collides with the host’s own networks');
    return true;
  }
  console.error(
    [
      'docker:check: refusing: these networks of docker/compose.yaml would collide with the host’s own,',
      'and creating them could cut the host off:',
      ...problems.map((p) => `  - ${p}`),
      'Way out: give the colliding range an alternate under dockerAlternates in',
      'libs/address-plan/src/plan/lab-plan.yaml (inside the lab ranges of libs/sandbox), then run',
      'npm run docker:compose.',
    ].join('\n'),
  );
  return false;
}

if (process.argv.includes('--check')) {
  process.exitCode = check(readFileSync(COMPOSE_PATH, 'utf8')) ? 0 : 1;
} else {
  const text = renderCompose(loadPlan());
  writeFileSync(COMPOSE_PATH, text);
  console.log(`docker:compose: wrote ${COMPOSE_PATH}`);
  check(text);
}
