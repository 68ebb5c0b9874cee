import { join } from 'node:path';
import { RunningLab, startLab } from '@lab/lab';
import { ChainCommand } from '@lab/resolver';
import { eventually, tempDir, testLabOptions } from '../support/lab-harness';
import { printed } from '../support/printed';

// `lastseen-resolver chain alice` in a running lab, as a participant runs it: in the vulnerable
// world it ends at alice's (fictional) front door and alice sees nothing; in the fixed world it
// stops, naming the mitigation, and alice's victim view shows her ISP's notice.

const FRONT_DOOR = 'Alice Ahlberg, 12 Lamplighter Lane, Lakeside';
const HOUSEHOLD_WORDS = ['Alice Ahlberg', 'Lamplighter'];

describe('chain: from a username to a front door', () => {
  const dir = tempDir();
  let lab: RunningLab;
  const cache = () => join(dir.path, 'attacker', 'cache.sqlite');
  const worlds = () => ({
    vulnerable: { target: lab.world.directories.get('vulnerable')!.running.url, registry: lab.isp.url },
    fixed: { target: lab.world.directories.get('fixed')!.running.url, registry: lab.ispFixed.url },
  });
  const run = (world: 'vulnerable' | 'fixed', json = false, cacheFile = cache()) =>
    printed(() =>
      new ChainCommand().run(['alice'], {
        ...worlds()[world],
        user: 'mallory',
        source: '127.0.113.150',
        cache: cacheFile,
        json,
      }),
    );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const victimView = async (world: string): Promise<any> =>
    (await fetch(`${lab.server.url}/directories/${world}/seen/alice`)).json();

  beforeAll(async () => {
    lab = await startLab(testLabOptions(join(dir.path, 'data'), { LAB_CLOCK_START: '03:00' })); // alice at home
    await eventually(() => {
      for (const id of ['vulnerable', 'fixed'])
        expect(lab.world.directories.get(id)!.population!.agent('alice')!.connection?.welcome).toBeDefined();
    }, 10_000);
  }, 30_000);
  afterAll(async () => {
    await lab.stop();
    dir.remove();
  });

  it('fixed world, empty cache: stops at the first hop, naming M2', async () => {
    const out = await run('fixed', false, join(dir.path, 'empty', 'cache.sqlite'));
    expect(out).toContain('M2 contact-gated presence');
    expect(out).toMatch(/Stopped by M2/);
    for (const word of HOUSEHOLD_WORDS) expect(out).not.toContain(word);
    expect(out).not.toContain('198.51.100.10');
    expect((await victimView('fixed')).isp).toEqual([]); // nobody called her ISP
  });

  it("vulnerable world: every hop goes through, to alice's front door, and alice sees nothing", async () => {
    const out = await run('vulnerable');
    expect(out).toContain(`Front door: ${FRONT_DOOR}`);
    const lines = (await run('vulnerable', true))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.hop, l.to])).toEqual([
      ['directory', '198.51.100.10'],
      ['registry', 'Northwind Broadband (northwind), Lakeside'],
      ['desk', 'Alice Ahlberg'],
      ['household', FRONT_DOOR],
      [undefined, undefined],
    ]);
    expect(lines.at(-1)).toEqual({
      username: 'alice',
      household: { subscriber: 'Alice Ahlberg', street: '12 Lamplighter Lane', town: 'Lakeside' },
      stoppedBy: [],
    });
    expect(await victimView('vulnerable')).toEqual({ username: 'alice', seen: [], isp: [] });
  });

  it("fixed world, with yesterday's cache: the directory (M2) and the desk (D1, D2) stop it, and alice is told", async () => {
    const out = await run('fixed', true);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const hops = lines.filter((l) => l.hop);
    expect(hops.map((l) => [l.hop, l.stoppedBy?.slice(0, 2) ?? null])).toEqual([
      ['directory', 'M2'],
      ['cache', null],
      ['registry', null],
      ['desk', 'D1'],
      ['desk', 'D2'],
    ]);
    expect(lines.at(-1).stoppedBy.map((s: string) => s.slice(0, 2))).toEqual(['M2', 'D1', 'D2']);
    expect(lines.at(-1).household).toBeNull();
    for (const word of HOUSEHOLD_WORDS) expect(out).not.toContain(word);
    const view = await victimView('fixed');
    expect(view.isp.map((n: { kind: string }) => n.kind)).toEqual([
      'desk-inquiry',
      'one-time-code',
      'desk-inquiry',
    ]);
    expect(view.isp[0]).toMatchObject({ ispId: 'northwind', isp: 'Northwind Broadband' });
    expect(view.isp[0].text).toContain('198.51.100.10');
    // The vulnerable world's alice still hears nothing: each world has its own ISP desk.
    expect((await victimView('vulnerable')).isp).toEqual([]);
  });
});
