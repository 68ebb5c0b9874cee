import { join } from 'node:path';
import { RunningLab, startLab } from '@lab/lab';
import { LabUser, eventually, tempDir, testLabOptions } from '../support/lab-harness';

// `npm start` in-process: every part on a free loopback port, data in a temporary folder.

describe('the lab', () => {
  const dir = tempDir();
  let lab: RunningLab;

  beforeAll(async () => {
    const options = testLabOptions(join(dir.path, 'data'), {
      // 10:05 lab time: carol is on her phone behind the carrier-grade NAT (until 14:00, four real
      // minutes away), alice at work, erin at home; so the lease log holds CGNAT translations.
      LAB_CLOCK_START: '10:05',
    });
    lab = await startLab(options);
  }, 20_000);
  afterAll(async () => {
    await lab.stop();
    dir.remove();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const api = async (path: string, init?: RequestInit): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${lab.server.url}${path}`, init);
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  };

  it('answers the lab banner and reports every part', async () => {
    expect((await api('/.well-known/lastseen-lab')).body).toMatchObject({
      lab: 'lastseen-lab',
      service: 'lab',
    });
    const { body } = await api('/status');
    expect(body.addressing).toBe('embedded');
    expect(body.directories.map((d: { id: string }) => d.id)).toEqual(['vulnerable', 'fixed']);
    // What a directory can run is told apart from what each one runs: the vulnerable one runs none.
    expect(body.implementedMitigations).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(body.mitigations).toBeUndefined();
    expect(body.directories.map((d: { mitigations: string[] }) => d.mitigations)).toEqual([
      [],
      ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
    ]);
    const alice = body.directories[0].population.find((p: { username: string }) => p.username === 'alice');
    expect(alice).toMatchObject({
      slot: 'work',
      online: true,
      publicAddress: '203.0.113.20',
      sourceAddress: '127.0.113.20',
    });
  });

  it('runs the ISP registry, whose lease log names the subscriber behind a CGNAT port', async () => {
    const rdap = await (await fetch(`${lab.isp.url}/ip/198.51.100.10`)).json();
    expect(rdap).toMatchObject({ objectClassName: 'ip network', name: expect.any(String) });
    // carol is on her phone in both directories: two translations of the same CGNAT address.
    await eventually(() =>
      expect(lab.world.leases.all().filter((l) => l.port !== undefined && l.end === null)).toHaveLength(2),
    );
    const [translation, other] = lab.world.leases.all().filter((l) => l.port !== undefined && l.end === null);
    expect(translation).toMatchObject({ ispId: 'skymobile', publicAddress: '192.0.2.5' });
    expect(other.port).not.toBe(translation.port);
    const leases = (port: number) =>
      `${lab.isp.url}/isps/${translation.ispId}/leases?address=${translation.publicAddress}&at=${new Date().toISOString()}&port=${port}`;
    const lawful = { headers: { authorization: `Lawful-Request ${lab.world.options.lawfulRequestToken}` } };
    expect((await fetch(leases(translation.port!))).status).toBe(401);
    // The port singles out one translation: not the other one, and no one for a port nobody had.
    const subscribersAt = async (port: number) =>
      ((await (await fetch(leases(port), lawful)).json()) as { subscribers: unknown[] }).subscribers;
    const answer = { subscribers: await subscribersAt(translation.port!) };
    expect(answer.subscribers).toEqual([
      expect.objectContaining({ subscriber: translation.subscriber, port: translation.port }),
    ]);
    const unused = Math.max(translation.port!, other.port!) + 1;
    expect(await subscribersAt(unused)).toEqual([]);
  });

  it('binds loopback only', () => {
    for (const part of lab.parts) expect(new URL(part.url).hostname).toBe('127.0.0.1');
  });

  it('lets an attacker resolve a persona in the vulnerable directory, and not in the fixed one', async () => {
    const vulnerable = lab.world.directories.get('vulnerable')!.running;
    const fixed = lab.world.directories.get('fixed')!.running;
    const mallory = await LabUser.create(vulnerable, 'mallory', '127.0.113.150');
    const profile = await mallory.client.lookup('alice');
    expect(lab.world.plan.display(profile.lastSeenAddress!)).toBe('203.0.113.20');
    const careful = await LabUser.create(fixed, 'mallory', '127.0.113.150');
    const response = await careful.client.request('GET', '/users/alice');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('127.0.113.20');
    await mallory.close();
    await careful.close();
  });

  it('starts a directory with any mitigation set on demand, with its own population, and stops it', async () => {
    const started = await api('/directories', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mitigations: ['M3'] }),
    });
    expect(started).toMatchObject({
      status: 201,
      body: { mitigations: ['M3'], url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
    });
    const banner = await (await fetch(`${started.body.url}/.well-known/lastseen-lab`)).json();
    expect(banner).toMatchObject({ variant: 'custom', mitigations: ['M3'] });
    const { body } = await api('/status');
    const onDemand = body.directories.find((d: { id: string }) => d.id === started.body.id);
    expect(onDemand.population.filter((p: { online: boolean }) => p.online).length).toBeGreaterThan(0);
    expect((await api(`/directories/${started.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/directories/${started.body.id}`, { method: 'DELETE' })).body).toMatchObject({
      code: 'lab_directory_not_found',
    });
  });

  it('refuses an unknown mitigation with a clear error', async () => {
    const response = await api('/directories', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mitigations: ['M9'] }),
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it("shows the victim's view: nothing after an inconspicuous call, a missed call after a real one", async () => {
    const vulnerable = lab.world.directories.get('vulnerable')!.running;
    const carol = lab.world.directories.get('vulnerable')!.population!.agent('carol')!;
    const mallory = new LabUser('mallory', '127.0.113.150', [], vulnerable);
    await mallory.client.login('mallory', 'mallory-password-1');
    const socket = await mallory.goOnline();
    const probe = await socket.invite('carol');
    const candidates = await socket.waitFor('call.candidates', (c) => c.callId === probe);
    socket.send('call.cancel', { callId: probe });
    expect(candidates.candidates).toContainEqual(
      expect.objectContaining({ type: 'srflx', address: carol.status().sourceAddress }),
    );
    // Positive control: a caller who waits for the ring leaves a ring and a missed call behind.
    const call = await socket.invite('carol');
    await socket.waitFor('call.ringing', (c) => c.callId === call);
    socket.send('call.cancel', { callId: call });
    await new Promise((r) => setTimeout(r, 1800));
    const { body } = await api('/directories/vulnerable/seen/carol');
    expect(body).toEqual({
      username: 'carol',
      seen: [
        expect.objectContaining({ kind: 'ring', from: 'mallory', callId: call }),
        expect.objectContaining({ kind: 'missed-call', from: 'mallory', callId: call }),
      ],
      isp: [], // the vulnerable world's support desk tells nobody anything
    });
    await mallory.close();
  });
});
