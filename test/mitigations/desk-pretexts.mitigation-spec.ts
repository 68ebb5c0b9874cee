import { loadPlan } from '@lab/address-plan';
import {
  DeskCall,
  PretextResult,
  pretextClaimedAuthority,
  pretextEmergency,
  pretextGuessStreet,
  pretextKnownFacts,
} from '@lab/resolver';
import {
  ALICE_HOUSEHOLD,
  ALICE_LINE,
  LAWFUL_TOKEN,
  STREETS,
  TestIsp,
  startTestIsp,
} from '../support/isp-desk';

// The same pretexts as test/attacks/desk-pretexts.attack-spec.ts, against the fixed desk: nothing
// of any household reaches the caller, each attempt names the fix that stopped it, and the
// subscriber is told. Positive controls: the real subscriber, with the code only they received,
// does hear their own record; and the lawful process does name the subscriber.

const plan = loadPlan();
const everyHouseholdWord = [...plan.networks.values()]
  .flatMap((n) => (n.household ? [n.household.subscriber, n.household.street] : []))
  .flatMap((text) => [text, ...text.split(' ').filter((w) => w.length > 3 && !/^\d/.test(w))]);

/** Nothing the desk said names a subscriber or a street of any household. */
function expectNoHousehold(result: PretextResult) {
  expect(result.household).toBeNull();
  const received = JSON.stringify(result.transcript);
  for (const word of everyHouseholdWord) expect(received).not.toContain(word);
}

describe('the fixed support desk against the same pretexts', () => {
  let isp: TestIsp;
  beforeAll(async () => (isp = await startTestIsp('fixed')));
  afterAll(() => isp.close());

  it('answers the banner as the fixed desk, naming its fixes', async () => {
    const banner = await (await fetch(`${isp.url}/.well-known/lastseen-lab`)).json();
    expect(banner).toMatchObject({ service: 'isp', variant: 'fixed', mitigations: ['D1', 'D2', 'D3'] });
  });

  it('P1 known facts: stopped by D1; a code goes to alice instead, and she is told of the call', async () => {
    const before = isp.inbox.for('alice').length;
    const result = await pretextKnownFacts(isp.url, ALICE_LINE, 'Lakeside');
    expectNoHousehold(result);
    expect(result.stoppedBy?.id).toBe('D1');
    const notices = isp.inbox.for('alice').slice(before);
    expect(notices.map((n) => n.kind)).toEqual(['desk-inquiry', 'one-time-code']);
    expect(notices[0].text).toMatch(/said they were the account holder/);
  });

  it('positive control: the real subscriber, with the code she received, hears her own record', async () => {
    const call = await DeskCall.dial(isp.url, ALICE_LINE, 'subscriber');
    await call.say({
      intent: 'verify',
      address: ALICE_LINE.address,
      connectedAt: ALICE_LINE.at,
      city: 'Lakeside',
    });
    const code = isp.inbox.for('alice').at(-1)?.code;
    expect(code).toMatch(/^\d{6}$/);
    // A wrong code first: refused, the call goes on.
    const wrong = await call.say({ intent: 'verify', code: code === '000000' ? '111111' : '000000' });
    expect(wrong).toMatchObject({ state: 'awaiting-code', disclosed: null, stoppedBy: { id: 'D1' } });
    expect(await call.say({ intent: 'verify', code: code! })).toMatchObject({ state: 'verified' });
    expect((await call.say({ intent: 'details' })).disclosed).toEqual(ALICE_HOUSEHOLD);
    await call.hangUp();
  });

  it('P2 guesses: neither confirmed nor denied (D1): every guess gets the same answer', async () => {
    const carolLine = { ispId: 'northwind', address: '198.51.100.70', at: ALICE_LINE.at };
    const call = await DeskCall.dial(isp.url, carolLine, 'technician');
    const answers = [];
    for (const street of STREETS) answers.push(await call.say({ intent: 'guess', street }));
    await call.hangUp();
    expect(new Set(answers.map((a) => JSON.stringify({ ...a, callId: undefined }))).size).toBe(1);
    expect(answers[0]).toMatchObject({ confirmed: null, stoppedBy: { id: 'D1' } });
    const result = await pretextGuessStreet(isp.url, carolLine, STREETS);
    expectNoHousehold(result);
    expect(result.confirmedStreet).toBeNull();
  });

  it('P3 emergency: sent to the emergency services and the lawful process (D2)', async () => {
    const result = await pretextEmergency(isp.url, {
      ispId: 'bluepeak',
      address: '198.51.100.140',
      at: ALICE_LINE.at,
    });
    expectNoHousehold(result);
    expect(result.stoppedBy?.id).toBe('D2');
    expect(isp.inbox.for('bob').at(-1)?.text).toMatch(/a member of your family/);
  });

  it.each(['police', 'technician'] as const)('P4 "%s": sent to the lawful process (D2)', async (claim) => {
    const erinLine = { ispId: 'northwind', address: '198.51.100.11', at: ALICE_LINE.at };
    const result = await pretextClaimedAuthority(isp.url, erinLine, claim);
    expectNoHousehold(result);
    expect(result.stoppedBy?.id).toBe('D2');
    expect(result.transcript.at(-1)?.say).toContain('/leases');
  });

  it('positive control: the lawful process itself still answers a lawful request', async () => {
    const response = await fetch(
      `${isp.url}/isps/northwind/leases?address=198.51.100.10&at=${encodeURIComponent(ALICE_LINE.at)}`,
      { headers: { Authorization: `Lawful-Request ${LAWFUL_TOKEN}` } },
    );
    expect(response.status).toBe(200);
  });
});
