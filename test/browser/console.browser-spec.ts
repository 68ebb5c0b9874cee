import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExerciseCommand, RING_WINDOW_MS } from '@lab/lab';
import { EXPECTED_MATRIX } from '@lab/resolver';
import type { Page } from 'playwright-core';
import { LabUser, eventually, sleep } from '../support/lab-harness';
import { ConsoleBrowser, clearArtifacts, launchChromium, seriousAxeViolations } from './support/browser';
import { ConsoleLab, startConsoleLab, typeable } from './support/console-lab';
import { containsText, hasAttribute, hasCount, hasText, visible } from './support/waiting';

// The web console in a real browser against a real lab: exercises solved through the page, the live
// "solved" toast, an attack whose leaked address is checked against the victim's own socket, the
// timeline, the victim's view and the matrix with real data, an accessibility scan of every page,
// and a screenshot of every page in test-artifacts/browser/.

const REPOSITORY = join(__dirname, '..', '..');
const M1_FILE = 'apps/directory/src/mitigations/m1-data-minimisation.ts';
/** A telling line of a repository file, to find the file's real text in the page. */
const codeLine = (path: string) =>
  readFileSync(join(REPOSITORY, path), 'utf8')
    .split('\n')
    .find((line) => line.trim().length > 20)!
    .trim();

describe('the web console in Chromium', () => {
  let console_: ConsoleLab;
  let browser: ConsoleBrowser;
  let page: Page;
  let trudy: LabUser | undefined;
  /** The probe-call's target and the public address its socket had: the victim's view shows both sides. */
  let probed: { target: string; publicAddress: string } | undefined;

  beforeAll(async () => {
    clearArtifacts();
    // 08:05 with a fixed seed: every persona is online (as in test/workshop), the draw is stable.
    console_ = await startConsoleLab({ LAB_CLOCK_START: '08:05', LAB_SEED: '4242' });
    // A still clock: nobody moves between the page showing an address and the test reading the socket.
    expect((await console_.api('/clock', { paused: true })).status).toBe(200);
    browser = await launchChromium();
    page = browser.page;
  }, 60_000);
  afterAll(async () => {
    await trudy?.close();
    await browser?.close();
    await console_?.stop();
  });

  /** Opens a hash route and waits for its heading. */
  const visit = async (route: string, heading: string | RegExp) => {
    await page.goto(`${console_.url}/#/${route}`);
    await visible(page.getByRole('heading', { level: 1, name: heading }));
  };
  /** Every page is screenshot and scanned: no serious or critical accessibility violation. */
  const screenshotAndScan = async (name: string) => {
    await browser.screenshot(name);
    expect({ page: name, violations: await seriousAxeViolations(page) }).toEqual({
      page: name,
      violations: [],
    });
  };
  const exerciseRow = (id: string) => page.locator(`[data-exercise-id="${id}"]`);
  const title = async (id: string): Promise<string> =>
    (await console_.api(`/workshop/exercises/${id}`)).body.title;

  it('serves the console from the lab process: language, skip link, navigation and the lab clock', async () => {
    const response = await page.goto(`${console_.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await visible(page.getByRole('heading', { level: 1, name: 'Exercises' }));
    await hasCount(page.getByRole('link', { name: 'Skip to content' }), 1);
    const nav = page.getByRole('navigation', { name: 'Console' });
    for (const link of ['Exercises', 'Attacker', 'Victim', 'Matrix', 'The fix beside the leak'])
      await visible(nav.getByRole('link', { name: link, exact: true }));
    // The clock shows the lab's own time (paused, so it cannot have moved).
    const { labTime } = (await console_.api('/status')).body;
    const clock = page.getByRole('region', { name: 'Lab clock' });
    await containsText(clock.getByTestId('lab-time'), labTime.split(' ').at(-1));
    await visible(clock.getByRole('button', { name: 'Resume' }));
    await hasText(page.getByTestId('score'), /0 of 14 solved/);
    await hasCount(page.locator('[data-exercise-id]'), 14);
    // The API next to it is untouched: an unknown path still gets the lab's JSON 404.
    const unknown = await fetch(`${console_.url}/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, code: expect.any(String) });
    await screenshotAndScan('exercises');
  });

  it('solves three exercises by typing, in the page, the answers the lab exposes', async () => {
    const answers = await console_.facilitatorAnswers();
    const wrong: Record<string, string> = {
      'resolve-a-user': '198.51.100.99 10.9.9.9',
      'address-to-isp-and-city': 'opennet 7',
      enumeration: 'frank',
    };
    let solved = 0;
    for (const [id, wrongAnswer] of Object.entries(wrong)) {
      await page.goto(`${console_.url}/#/exercises`);
      const name = await title(id);
      await exerciseRow(id).getByRole('link', { name }).click();
      await visible(page.getByRole('heading', { level: 1, name }));
      const answer = page.getByLabel('Answer', { exact: true });
      const verdict = page.getByTestId('verdict');
      // Positive control: a wrong answer is refused, so "Solved" below is the check's doing.
      await answer.fill(wrongAnswer);
      await page.getByRole('button', { name: 'Check' }).click();
      await hasText(verdict, /^Not yet/);
      await answer.fill(typeable(answers[id]));
      await page.getByRole('button', { name: 'Check' }).click();
      await hasText(verdict, /^Solved/);
      solved += 1;
      if (id === 'resolve-a-user') await screenshotAndScan('exercise-solved');
      await page.goto(`${console_.url}/#/exercises`);
      await hasAttribute(exerciseRow(id), 'data-status', 'solved');
      await hasText(page.getByTestId('score'), new RegExp(`${solved} of 14 solved`));
    }
    // The lab agrees: the same engine as the command line recorded them.
    const listed = (await console_.api('/workshop/exercises')).body.exercises;
    expect(
      listed.filter((e: { status: string }) => e.status === 'solved').map((e: { id: string }) => e.id),
    ).toEqual(['resolve-a-user', 'address-to-isp-and-city', 'enumeration']);
  });

  it('shows the live "Solved" toast when an exercise is solved from the command line path', async () => {
    await visit('exercises', 'Exercises');
    const id = 'the-debug-log';
    await visible(exerciseRow(id));
    expect(await exerciseRow(id).getAttribute('data-status')).not.toBe('solved');
    const toast = page.getByTestId('toast');
    expect(await toast.textContent()).not.toContain(await title(id)); // the toast below is new
    const answer = typeable((await console_.facilitatorAnswers())[id]);
    // `npm run lab -- exercise check <id> <answer> --json`, run here against this lab: not the page.
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await new ExerciseCommand().run(['check', id, answer], { lab: console_.url, json: true });
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(printed.join('').trim().split('\n')[0])).toMatchObject({ solved: true });
    await hasText(toast, `Solved: ${await title(id)}`);
    await hasAttribute(exerciseRow(id), 'data-status', 'solved');
    await browser.screenshot('toast');
  });

  it('resolve: the leaked address shown is the one the victim socket connected from', async () => {
    // carol is at home at 08:05, on a line of her own (alice and bob share the mobile CGNAT address).
    const target = 'carol';
    const origin = console_.socketOrigin('vulnerable', target);
    const status = console_.agent('vulnerable', target).status();
    await visit('attack', "Attacker's view");
    await page.getByLabel('Directory', { exact: true }).selectOption('vulnerable');
    await page.getByLabel('Attack', { exact: true }).selectOption('resolve');
    await page.getByLabel('Target', { exact: true }).fill(target);
    await page.getByRole('button', { name: 'Run' }).click();
    const addresses = page.getByTestId('leaked').getByTestId('leaked-address');
    await visible(addresses.first(), 30_000);
    // The public address the socket's source mirrors, and the LAN address the client reported.
    expect((await addresses.allInnerTexts()).map((a) => a.trim()).sort()).toEqual(
      [origin.publicAddress, status.lanAddress].sort(),
    );
    // The enrichment names the ISP the plan gives that address.
    const network = [...console_.lab.world.plan.networks.values()].find(
      (n) => n.publicAddress === origin.publicAddress,
    )!;
    const publicRow = page.getByTestId('leaked').getByRole('row').filter({ hasText: origin.publicAddress });
    await containsText(publicRow, network.isp.name);
    await containsText(publicRow, String(network.isp.asn));
    // And the source port is the one of the victim's socket.
    await containsText(publicRow, `port ${origin.port}`);
    // "On the wire": the address the victim's socket really connected from (its loopback mirror here).
    expect(origin.sourceAddress).not.toBe(origin.publicAddress);
    const headers = (await page.getByTestId('leaked').locator('thead th').allInnerTexts()).map((h) =>
      h.trim(),
    );
    const wire = headers.indexOf('On the wire');
    expect(wire).toBeGreaterThanOrEqual(0);
    expect((await publicRow.locator('td').nth(wire).innerText()).trim()).toBe(origin.sourceAddress);
    await screenshotAndScan('attacker-resolve');
  });

  it('probe-call from the page solves the observed-event exercise, and the victim saw nothing', async () => {
    const id = 'the-inconspicuous-call';
    const name = await title(id);
    // Opening the exercise starts it: the lab counts calls from then on.
    await page.goto(`${console_.url}/#/exercises/${id}`);
    await visible(page.getByRole('heading', { level: 1, name }));
    const target = /Call (\S+),/.exec((await console_.api(`/workshop/exercises/${id}`)).body.goal)![1];
    // Nothing to type: the lab observes the event.
    await hasCount(page.getByLabel('Answer', { exact: true }), 0);
    // Positive control: before any call, the check says not yet.
    await page.getByRole('button', { name: 'Check' }).click();
    await hasText(page.getByTestId('verdict'), /^Not yet/);

    const seenBefore = console_.agent('vulnerable', target).seen.length;
    const origin = console_.socketOrigin('vulnerable', target);
    await visit('attack', "Attacker's view");
    await page.getByLabel('Directory', { exact: true }).selectOption('vulnerable');
    await page.getByLabel('Attack', { exact: true }).selectOption('probe-call');
    await page.getByLabel('Target', { exact: true }).fill(target);
    await page.getByRole('button', { name: 'Run' }).click();
    const addresses = page.getByTestId('leaked').getByTestId('leaked-address');
    await visible(addresses.first(), 30_000);
    expect((await addresses.allInnerTexts()).map((a) => a.trim())).toContain(origin.publicAddress);
    probed = { target, publicAddress: origin.publicAddress };
    await browser.screenshot('attacker-probe-call');

    await sleep(RING_WINDOW_MS); // past the ring: had it rung, the victim's client would show it now
    expect(console_.agent('vulnerable', target).seen.slice(seenBefore)).toEqual([]);
    await page.goto(`${console_.url}/#/exercises/${id}`);
    await visible(page.getByRole('heading', { level: 1, name }));
    await page.getByRole('button', { name: 'Check' }).click();
    await hasText(page.getByTestId('verdict'), /^Solved/);
    await hasText(page.getByTestId('toast'), `Solved: ${name}`);
  });

  it("the victim's view shows what the persona's client really showed, beside what the attacker got", async () => {
    // A call held past the ring leaves a ring and a missed call on the victim's screen.
    const target = 'bob';
    const vulnerable = console_.lab.world.directories.get('vulnerable')!.running;
    trudy = await LabUser.create(vulnerable, 'trudy', '127.0.113.150');
    await trudy.goOnline();
    const socket = trudy.socket!;
    const start = socket.transcript.length;
    socket.send('call.invite', { username: target });
    await eventually(() => expect(socket.transcript.slice(start).join('')).toContain('call.created'));
    const callId = /"callId":"([^"]+)"/.exec(socket.transcript.slice(start).join(''))![1];
    await sleep(RING_WINDOW_MS);
    socket.send('call.cancel', { callId });
    const agent = console_.agent('vulnerable', target);
    await eventually(() =>
      expect(agent.seen.filter((e) => e.callId === callId).map((e) => e.kind)).toEqual([
        'ring',
        'missed-call',
      ]),
    );

    await visit('victim', "Victim's view");
    await page.getByLabel('Persona', { exact: true }).selectOption(target);
    await visible(page.getByRole('heading', { level: 2, name: `What ${target}'s screen showed` }));
    const seen = page.getByTestId('victim-seen');
    await containsText(seen, 'trudy');
    await hasCount(seen.getByRole('listitem'), agent.seen.length);
    await visible(page.getByTestId('attacker-received'));
    await screenshotAndScan('victim-rang');

    // The probe-call's target saw nothing at all, while the attacker got the address: the page says both.
    expect(probed).toBeDefined();
    expect(console_.agent('vulnerable', probed!.target).seen).toEqual([]);
    await page.getByLabel('Persona', { exact: true }).selectOption(probed!.target);
    await containsText(page.getByTestId('victim-seen'), 'Nothing: no ring, no missed call');
    await containsText(page.getByTestId('attacker-received'), probed!.publicAddress);
    // Lined up in time: during that very probe-call the attacker got the address and the screen nothing.
    await hasText(
      page.getByTestId('same-moment'),
      new RegExp(
        `while the attacker's probe-call ran.*received [^;]*${probed!.publicAddress.replace(/\./g, '\\.')}.*; ` +
          `${probed!.target}'s screen showed nothing\\.$`,
      ),
    );
    await browser.screenshot('victim-nothing');

    // Positive control for that line: a ring during the attacker's job is on it. trudy calls bob
    // again while a watch (10 lab minutes: 10 real seconds) follows him. A watch runs on lab time:
    // the clock runs for it (bob stays on one network until 08:45).
    expect((await console_.api('/clock', { paused: false })).status).toBe(200);
    const watch = await console_.api('/console/api/jobs', {
      kind: 'attack',
      attack: 'watch',
      directory: 'vulnerable',
      target,
      options: { labMinutes: 10 },
    });
    expect([watch.status, watch.body.message]).toEqual([202, undefined]);
    const again = socket.transcript.length;
    socket.send('call.invite', { username: target });
    await eventually(() => expect(socket.transcript.slice(again).join('')).toContain('call.created'));
    const secondCall = /"callId":"([^"]+)"/.exec(socket.transcript.slice(again).join(''))![1];
    await sleep(RING_WINDOW_MS);
    socket.send('call.cancel', { callId: secondCall });
    await eventually(async () => {
      expect((await console_.api(`/console/api/jobs/${watch.body.id}`)).body.status).toBe('done');
    }, 30_000);
    expect((await console_.api('/clock', { paused: true })).status).toBe(200);
    await page.getByLabel('Persona', { exact: true }).selectOption(target);
    const bobAddress = console_.socketOrigin('vulnerable', target).publicAddress.replace(/\./g, '\\.');
    await hasText(
      page.getByTestId('same-moment'),
      new RegExp(
        `while the attacker's watch ran.*received [^;]*${bobAddress}.*; ${target}'s screen showed ring, missed call\\.$`,
      ),
    );
  });

  it('the defence matrix fills in live with the measured cells', async () => {
    await visit('matrix', 'Defence matrix');
    await page.getByRole('button', { name: 'Run the matrix' }).click();
    const matrix = page.getByTestId('matrix');
    const cells = matrix.locator('[data-cell]');
    // Live: the first measured cell shows while others are still pending.
    await visible(matrix.locator('[data-cell]:not([data-verdict="pending"])').first(), 60_000);
    expect(await matrix.locator('[data-cell][data-verdict="pending"]').count()).toBeGreaterThan(0);
    await eventually(async () => {
      const verdicts = await cells.evaluateAll((all) => all.map((c) => c.getAttribute('data-verdict') ?? ''));
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v === '' || v === 'running' || v === 'pending')).toEqual([]);
    }, 100_000);
    const verdicts = await cells.evaluateAll((all) =>
      all.map((c) => [c.getAttribute('data-cell') ?? '', c.getAttribute('data-verdict') ?? ''] as const),
    );
    // Every cell is the one the measured matrix must give (test/matrix and docs/defence-matrix.md use
    // the same table), so the page shows real cells, not placeholders.
    const expected = EXPECTED_MATRIX as Record<string, Record<string, string>>;
    const shown = verdicts.map(([cell, verdict]) => `${cell} ${verdict === 'leaks' ? 'leaked' : verdict}`);
    expect(shown).toEqual(
      verdicts.map(([cell]) => `${cell} ${expected[cell.split(':')[0]]?.[cell.split(':')[1]]}`),
    );
    expect(verdicts.filter(([cell]) => cell.endsWith(':vulnerable')).length).toBeGreaterThanOrEqual(5);
    expect(verdicts.some(([, verdict]) => verdict === 'blocked')).toBe(true);
    await screenshotAndScan('matrix');
    // Each cell links to the attack's code and the mitigation's file; the link opens the file as it is
    // in the repository.
    const cell = matrix.locator('[data-cell="resolve:M1"]');
    expect(decodeURIComponent((await cell.getByRole('link').first().getAttribute('href')) ?? '')).toContain(
      'apps/resolver/src/',
    );
    const fix = cell.getByRole('link', { name: /^fix\b/ });
    expect(decodeURIComponent((await fix.getAttribute('href')) ?? '')).toContain(M1_FILE);
    await fix.click();
    await visible(page.getByRole('heading', { level: 1, name: M1_FILE }));
    await visible(page.locator('pre code').filter({ hasText: codeLine(M1_FILE) }));
    await screenshotAndScan('source-m1');
  });

  it('track: the timeline draws the real sightings over the lab day', async () => {
    const target = 'alice';
    // Ground truth while the track runs: every address alice's own socket connects from, read from
    // the socket every few milliseconds (a lab hour is a real second at the speed set below).
    const connectedFrom = new Set<string>();
    const watchSocket = () => {
      try {
        connectedFrom.add(console_.socketOrigin('vulnerable', target).publicAddress);
      } catch {
        // between two networks: no socket for a moment
      }
    };
    watchSocket();
    const poller = setInterval(watchSocket, 5);
    // With the page's clock controls: one lab hour per real second, so a tracked span passes in seconds.
    await visit('attack', "Attacker's view");
    const clock = page.getByRole('region', { name: 'Lab clock' });
    try {
      await clock.getByLabel('Speed', { exact: true }).selectOption('3600');
      await clock.getByRole('button', { name: 'Set speed' }).click();
      await eventually(async () =>
        expect((await console_.api('/clock')).body).toMatchObject({ speed: 3600 }),
      );
      await clock.getByRole('button', { name: 'Resume' }).click();
      await visible(clock.getByRole('button', { name: 'Pause' }));
      expect((await console_.api('/clock')).body).toMatchObject({ paused: false, speed: 3600 });
      await page.getByLabel('Directory', { exact: true }).selectOption('vulnerable');
      await page.getByLabel('Attack', { exact: true }).selectOption('track');
      await page.getByLabel('Target', { exact: true }).fill(target);
      await page.getByRole('button', { name: 'Run' }).click();
      const timeline = page.getByTestId('timeline');
      await visible(timeline.locator('canvas').first(), 90_000);
      clearInterval(poller);
      await clock.getByRole('button', { name: 'Pause' }).click();
      await visible(clock.getByRole('button', { name: 'Resume' }));
      // The text alternative lists the sightings: each one an address alice's socket really
      // connected from during the track, and she was seen on more than one network.
      const cells = timeline.locator('tbody tr td:last-child');
      const sighted = (await cells.allTextContents()).map((address) => address.trim());
      expect(sighted.length).toBeGreaterThan(0);
      for (const address of sighted)
        expect({ address, connected: connectedFrom.has(address) }).toEqual({ address, connected: true });
      expect(new Set(sighted).size).toBeGreaterThan(1);
      // The home and work guesses marked in the table are alice's real home and work lines.
      const { home, work } = console_.lab.world.plan.persona(target)!.networks;
      const guessed = async (mark: string) =>
        (
          await timeline
            .locator('tbody tr')
            .filter({ hasText: mark })
            .locator('td:last-child')
            .allTextContents()
        ).map((a) => a.trim());
      expect(new Set(await guessed('(home?)'))).toEqual(new Set([home!.publicAddress]));
      expect(new Set(await guessed('(work?)'))).toEqual(new Set([work!.publicAddress]));
      await screenshotAndScan('attacker-track');
    } finally {
      clearInterval(poller);
      await console_.api('/clock', { paused: true });
    }
  });

  it("shows each mitigation's code beside the vulnerable hooks, from the repository's files", async () => {
    await visit('fixes', 'The fix beside the leak');
    const m1 = page.getByRole('heading', { level: 2, name: /^M1\b/ });
    await visible(m1);
    const section = page.getByRole('region', { name: /^M1\b/ });
    await visible(section.locator('pre code').filter({ hasText: codeLine(M1_FILE) }));
    // Beside it, the vulnerable policy's hooks it replaces, as they are in the policy's file.
    // (shown dedented: compared line by line).
    const policyLines = new Set(
      readFileSync(join(REPOSITORY, 'apps/directory/src/policy/vulnerable.policy.ts'), 'utf8')
        .split('\n')
        .map((line) => line.trim()),
    );
    const fromPolicy = (await section.locator('pre code').allTextContents()).filter((code) => {
      const lines = code
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      return lines.length >= 3 && lines.every((line) => policyLines.has(line));
    });
    expect(fromPolicy.length).toBeGreaterThan(0);
    await screenshotAndScan('fixes');
  });

  it("renders the lab API's docs (/docs) under the lab port's stricter policy", async () => {
    // Swagger UI needs inline styles, which the console itself never gets: a CSP violation would be
    // a console.error, caught by the last test.
    await page.goto(`${console_.url}/docs`);
    await containsText(page.locator('.swagger-ui .info .title'), 'lastseen-lab orchestrator');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    await browser.screenshot('api-docs');
  });

  it('threw no error in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
