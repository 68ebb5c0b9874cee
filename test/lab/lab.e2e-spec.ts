import { join } from 'node:path';
import { RunningLab, labOptionsFromEnv, startLab } from '@lab/lab';
import { LabUser, tempDir } from '../support/lab-harness';

// `npm start` in-process: every part on a free loopback port, data in a temporary folder.

describe('the lab', () => {
  const dir = tempDir();
  let lab: RunningLab;

  beforeAll(async () => {
    const options = labOptionsFromEnv({
      LAB_PORT: '0',
      LAB_VULNERABLE_PORT: '0',
      LAB_FIXED_PORT: '0',
      LAB_ISP_PORT: '0',
      LAB_RELAY_PORT: '0',
      LAB_DATA_DIR: join(dir.path, 'data'),
      DIRECTORY_SCRYPT_COST: '1024',
      LAB_CLOCK_START: '03:00',
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
    const alice = body.directories[0].population.find((p: { username: string }) => p.username === 'alice');
    expect(alice).toMatchObject({
      slot: 'home',
      online: true,
      publicAddress: '198.51.100.10',
      sourceAddress: '127.51.100.10',
    });
  });

  it('runs the ISP registry, whose lease log names the subscriber behind a CGNAT port', async () => {
    const rdap = await (await fetch(`${lab.isp.url}/ip/198.51.100.10`)).json();
    expect(rdap).toMatchObject({ objectClassName: 'ip network', name: expect.any(String) });
    const translation = lab.world.leases.all().find((l) => l.port !== undefined);
    if (translation) {
      const url = `${lab.isp.url}/isps/${translation.ispId}/leases?address=${translation.publicAddress}&at=${translation.start}&port=${translation.port}`;
      const unauthorised = await fetch(url);
      expect(unauthorised.status).toBe(401);
      const answer = await (
        await fetch(url, {
          headers: { authorization: `Lawful-Request ${lab.world.options.lawfulRequestToken}` },
        })
      ).json();
      expect(JSON.stringify(answer)).toContain(translation.subscriber);
    }
  });

  it('binds loopback only', () => {
    for (const part of lab.parts) expect(new URL(part.url).hostname).toBe('127.0.0.1');
  });

  it('lets an attacker resolve a persona in the vulnerable directory, and not in the fixed one', async () => {
    const vulnerable = lab.world.directories.get('vulnerable')!.running;
    const fixed = lab.world.directories.get('fixed')!.running;
    const mallory = await LabUser.create(vulnerable, 'mallory', '127.0.113.150');
    const profile = await mallory.client.lookup('alice');
    expect(lab.world.plan.display(profile.lastSeenAddress!)).toBe('198.51.100.10');
    const careful = await LabUser.create(fixed, 'mallory', '127.0.113.150');
    const response = await careful.client.request('GET', '/users/alice');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('127.51.100.10');
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

  it("shows the victim's view: nothing, after an inconspicuous call", async () => {
    const vulnerable = lab.world.directories.get('vulnerable')!.running;
    const mallory = new LabUser('mallory', '127.0.113.150', [], vulnerable);
    await mallory.client.login('mallory', 'mallory-password-1');
    const socket = await mallory.goOnline();
    const callId = await socket.invite('carol');
    const candidates = await socket.waitFor('call.candidates', (c) => c.callId === callId);
    socket.send('call.cancel', { callId });
    expect(candidates.candidates).toContainEqual(
      expect.objectContaining({ type: 'srflx', address: '127.51.100.70' }),
    );
    await new Promise((r) => setTimeout(r, 1800));
    expect((await api('/directories/vulnerable/seen/carol')).body).toEqual({ username: 'carol', seen: [] });
    await mallory.close();
  });
});
