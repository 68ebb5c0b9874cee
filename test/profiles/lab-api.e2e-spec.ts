import { join } from 'node:path';
import { RunningLab, startLab } from '@lab/lab';
import { LabUser, tempDir, testLabOptions } from '../support/lab-harness';

// POST /directories {"profile": …}: the lab starts a directory that runs a protocol profile,
// and the profile — not the request — decides its mitigations.

describe('the lab API with protocol profiles', () => {
  const dir = tempDir();
  let lab: RunningLab;
  beforeAll(async () => {
    lab = await startLab(testLabOptions(join(dir.path, 'data')));
  }, 20_000);
  afterAll(async () => {
    await lab.stop();
    dir.remove();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const api = async (path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${lab.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const stop = (id: string) => fetch(`${lab.server.url}/directories/${id}`, { method: 'DELETE' });

  /** bob online in the directory, and what a stranger's lookup of him returns. */
  async function strangerLooksUpBob(url: string) {
    const running = { url };
    const bob = await LabUser.create(running, 'bob', '127.51.100.140', ['192.168.1.23']);
    await bob.goOnline();
    const mallory = await LabUser.create(running, 'mallory', '127.0.113.150');
    const response = await mallory.client.request('GET', '/users/bob');
    await mallory.close();
    await bob.close();
    return response;
  }

  it('starts signal: its mitigations and relay, no address in a stranger’s lookup', async () => {
    const started = await api('/directories', { profile: 'signal', population: false });
    expect(started).toMatchObject({
      status: 201,
      body: {
        profile: 'signal',
        mitigations: ['M1', 'M4'],
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
      },
    });
    const status = await api('/status');
    expect(status.body.directories.find((d: { id: string }) => d.id === started.body.id)).toMatchObject({
      profile: 'signal',
      mitigations: ['M1', 'M4'],
    });
    const response = await strangerLooksUpBob(started.body.url);
    expect(response.status).toBe(200);
    expect(response.text).not.toMatch(/127\.51\.100\.140|198\.51\.100\.140|192\.168\.1\.23/);
    await stop(started.body.id);
  });

  it('starts skype-2012, where the same lookup gives bob’s address (the positive control)', async () => {
    const started = await api('/directories', { profile: 'skype-2012', population: false });
    expect(started).toMatchObject({ status: 201, body: { profile: 'skype-2012', mitigations: [] } });
    const response = await strangerLooksUpBob(started.body.url);
    expect(JSON.parse(response.text)).toMatchObject({
      lastSeenAddress: '127.51.100.140',
      localAddresses: ['192.168.1.23'],
    });
    await stop(started.body.id);
  });

  it('refuses an unknown profile, a profile with mitigations, and neither', async () => {
    expect(await api('/directories', { profile: 'skype-2099' })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    const both = await api('/directories', { profile: 'xmpp', mitigations: ['M3'] });
    expect(both).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(both.body.message).toMatch(/either "profile" or "mitigations"/);
    expect(await api('/directories', {})).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect((await api('/status')).body.directories.map((d: { id: string }) => d.id)).toEqual([
      'vulnerable',
      'fixed',
    ]);
  });
});
