import type { MitigationId } from '@lab/directory';
import { Attacker } from '@lab/resolver';
import { LabUser, TestDirectory, startTestDirectory } from './lab-harness';

/**
 * The world every attack and mitigation test runs in: a fresh directory, three victims on their
 * home networks (bob and carol online, dave not yet), and an attacker on the café network.
 * The same scenario for the vulnerable directory and for each mitigation: only the expectation differs.
 */
export interface Scenario {
  directory: TestDirectory;
  bob: LabUser;
  carol: LabUser;
  dave: LabUser;
  attacker: Attacker;
  victims: LabUser[];
  close(): Promise<void>;
}

export async function scenario(mitigations: MitigationId[] | 'all'): Promise<Scenario> {
  const directory = await startTestDirectory(mitigations);
  const bob = await LabUser.create(directory, 'bob', '127.51.100.140', ['192.168.1.23']);
  const carol = await LabUser.create(directory, 'carol', '127.51.100.70', ['192.168.0.5']);
  const dave = await LabUser.create(directory, 'dave', '127.51.100.200', ['10.0.0.12']);
  await bob.goOnline({ agent: { ringDelayMs: 1500 } });
  await carol.goOnline();
  const attacker = await Attacker.connect({ target: directory.url, sourceAddress: '127.0.113.150' });
  const victims = [bob, carol, dave];
  return {
    directory,
    bob,
    carol,
    dave,
    attacker,
    victims,
    close: async () => {
      await attacker.close();
      await Promise.all(victims.map((v) => v.close()));
      await directory.close();
    },
  };
}

/** The sweep's word list: five persona names (three of them live here) and 95 that exist nowhere. */
export const SWEEP_WORDS: readonly string[] = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  ...Array.from({ length: 95 }, (_, i) => `ghost${i}`),
];
