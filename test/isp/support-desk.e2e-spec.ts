import { ALICE_LINE, TestIsp, startTestIsp } from '../support/isp-desk';

// The support desk's REST conversation: bad input gets a clear 4xx, never a 5xx; a call moves
// through its states and ends. (The pretexts themselves are in test/attacks and test/mitigations.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
type Json = any;

describe('the support desk conversation', () => {
  let isp: TestIsp;
  beforeAll(async () => (isp = await startTestIsp('fixed')));
  afterAll(() => isp.close());

  const post = async (path: string, body: unknown, raw = false) => {
    const response = await fetch(`${isp.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ? (body as string) : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const open = (body: unknown = { claim: 'subscriber', address: ALICE_LINE.address, at: ALICE_LINE.at }) =>
    post('/isps/northwind/desk/calls', body);

  it('opens a call about a line and greets the caller', async () => {
    const { status, body } = await open();
    expect(status).toBe(201);
    expect(body).toMatchObject({
      ispId: 'northwind',
      address: '198.51.100.10',
      claim: 'subscriber',
      state: 'open',
      disclosed: null,
    });
    expect(body.say).toContain('Northwind Broadband support');
  });

  it.each([
    [
      'an unknown claim',
      { claim: 'mayor', address: '198.51.100.10', at: ALICE_LINE.at },
      /claim must be one of/,
    ],
    [
      'a time without its zone',
      { claim: 'police', address: '198.51.100.10', at: '2026-05-04T06:15' },
      /time zone/,
    ],
    ['no address', { claim: 'police', at: ALICE_LINE.at }, /address/],
    ['an extra field', { claim: 'police', address: '198.51.100.10', at: ALICE_LINE.at, badge: 7 }, /badge/],
  ])('refuses %s with a 400 that says what is wrong', async (_what, body, message) => {
    const answer = await open(body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(JSON.stringify(answer.body)).toMatch(message);
  });

  it('refuses malformed JSON with a 400', async () => {
    expect((await post('/isps/northwind/desk/calls', '{"claim":', true)).status).toBe(400);
  });

  it("sends a caller about another ISP's line to that ISP, and refuses addresses outside the lab", async () => {
    const other = await post('/isps/northwind/desk/calls', {
      claim: 'family',
      address: '198.51.100.140',
      at: ALICE_LINE.at,
    });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('address_not_in_isp');
    expect(other.body.message).toContain('/isps/bluepeak/desk/calls');
    const outside = await post('/isps/northwind/desk/calls', {
      claim: 'family',
      address: '8.8.8.8',
      at: ALICE_LINE.at,
    });
    expect(outside.body.code).toBe('address_outside_lab');
    expect(
      (await post('/isps/acme/desk/calls', { claim: 'family', address: '198.51.100.10', at: ALICE_LINE.at }))
        .body.code,
    ).toBe('isp_not_found');
  });

  it('refuses a turn on an unknown call (404), a guess without a guess (400) and an unknown intent (400)', async () => {
    const unknown = await post('/isps/northwind/desk/calls/no-such-call/turns', { intent: 'details' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'desk_call_not_found' } });
    const { body: call } = await open();
    const guess = await post(`/isps/northwind/desk/calls/${call.callId}/turns`, { intent: 'guess' });
    expect(guess).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const sing = await post(`/isps/northwind/desk/calls/${call.callId}/turns`, { intent: 'sing' });
    expect(sing.status).toBe(400);
    // The call is on another ISP's desk: not found there.
    const elsewhere = await post(`/isps/bluepeak/desk/calls/${call.callId}/turns`, { intent: 'details' });
    expect(elsewhere.status).toBe(404);
  });

  it('ends the call after three wrong codes, and a turn on an ended call is a 409', async () => {
    const { body: call } = await open();
    const turn = (body: unknown) => post(`/isps/northwind/desk/calls/${call.callId}/turns`, body);
    expect((await turn({ intent: 'verify', city: 'Lakeside' })).body.state).toBe('awaiting-code');
    const code = isp.inbox.for('alice').at(-1)!.code!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await turn({ intent: 'verify', code: wrong })).body.state).toBe('awaiting-code');
    expect((await turn({ intent: 'verify', code: wrong })).body.state).toBe('awaiting-code');
    const third = await turn({ intent: 'verify', code: wrong });
    expect(third.body).toMatchObject({ state: 'ended', disclosed: null });
    // The right code after the call ended is too late.
    const late = await turn({ intent: 'verify', code });
    expect(late).toMatchObject({ status: 409, body: { code: 'desk_call_ended' } });
  });

  it('answers a line with no household exactly like one with a household (no oracle)', async () => {
    const office = await post('/isps/metrobiz/desk/calls', {
      claim: 'subscriber',
      address: '203.0.113.20',
      at: ALICE_LINE.at,
    });
    const home = await open();
    const say = async (callId: string) =>
      (
        await post(
          `/isps/${callId === office.body.callId ? 'metrobiz' : 'northwind'}/desk/calls/${callId}/turns`,
          { intent: 'verify', city: 'Harbour City' },
        )
      ).body;
    const [a, b] = [await say(office.body.callId), await say(home.body.callId)];
    expect({ ...a, callId: 0, ispId: 0, address: 0 }).toEqual({ ...b, callId: 0, ispId: 0, address: 0 });
  });
});
