import {
  pretextClaimedAuthority,
  pretextEmergency,
  pretextGuessStreet,
  pretextKnownFacts,
} from '@lab/resolver';
import { ALICE_HOUSEHOLD, ALICE_LINE, STREETS, TestIsp, startTestIsp } from '../support/isp-desk';

// The last hop against the vulnerable support desk: each pretext gets the exact household on file
// for the line, and the subscriber hears nothing. The same calls against the fixed desk are in
// test/mitigations/desk-pretexts.mitigation-spec.ts.

describe('pretexting the vulnerable support desk', () => {
  let isp: TestIsp;
  beforeAll(async () => (isp = await startTestIsp('vulnerable')));
  afterAll(() => isp.close());

  it('P1 known facts: the address and time from the leak and the town from RDAP pass for proof', async () => {
    const result = await pretextKnownFacts(isp.url, ALICE_LINE, 'Lakeside');
    expect(result.household).toEqual(ALICE_HOUSEHOLD);
    expect(result.failure?.id).toBe('P1');
    expect(result.stoppedBy).toBeNull();
    // The loopback form the directory leaked in embedded mode works as well as the simulated one.
    const mirrored = await pretextKnownFacts(
      isp.url,
      { ...ALICE_LINE, address: '127.51.100.10' },
      'Lakeside',
    );
    expect(mirrored.household).toEqual(ALICE_HOUSEHOLD);
    // Alice was told nothing.
    expect(isp.inbox.for('alice')).toEqual([]);
  });

  it('P1 needs the right facts: a wrong town is refused (the desk does check something)', async () => {
    const result = await pretextKnownFacts(isp.url, ALICE_LINE, 'Harbour City');
    expect(result.household).toBeNull();
    expect(result.failure).toBeNull();
  });

  it('P2 guesses: the desk denies the wrong streets and confirms the right one', async () => {
    const carolLine = { ispId: 'northwind', address: '198.51.100.70', at: ALICE_LINE.at };
    const result = await pretextGuessStreet(isp.url, carolLine, ['Puffin Parade', ...STREETS]);
    expect(result.confirmedStreet).toBe('Mill Road');
    expect(result.failure?.id).toBe('P2');
    // The denial said as much as the confirmation: "no" to Puffin Parade before the "yes".
    expect(result.transcript.map((a) => a.confirmed)).toEqual([undefined, false, true]);
  });

  it('P3 emergency: a family member in a hurry gets the address, and nobody calls back', async () => {
    const bobLine = { ispId: 'bluepeak', address: '198.51.100.140', at: ALICE_LINE.at };
    const result = await pretextEmergency(isp.url, bobLine);
    expect(result.household).toEqual({ subscriber: 'Bob Bakker', street: '7 Teapot Row', town: 'Hillcrest' });
    expect(result.failure?.id).toBe('P3');
    expect(isp.inbox.for('bob')).toEqual([]);
  });

  it.each(['police', 'technician'] as const)(
    'P4 claimed authority: "%s" is taken on trust',
    async (claim) => {
      const erinLine = { ispId: 'northwind', address: '198.51.100.11', at: ALICE_LINE.at };
      const result = await pretextClaimedAuthority(isp.url, erinLine, claim);
      expect(result.household).toEqual({
        subscriber: 'Erin Evers',
        street: '5 Puffin Parade',
        town: 'Lakeside',
      });
      expect(result.failure?.id).toBe('P4');
    },
  );
});
