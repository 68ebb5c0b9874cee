import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ExerciseCommand,
  FACILITATOR_KEY_FILE,
  RING_WINDOW_MS,
  RunningLab,
  Workshop,
  startLab,
} from '@lab/lab';
import { pretextKnownFacts } from '@lab/resolver';
import { LabUser, eventually, sleep, tempDir, testLabOptions } from '../support/lab-harness';

// The workshop on a live lab: every exercise's check accepts this instance's true answer and refuses
// a wrong one; the answers depend on the instance's seed; progress survives a restart and goes
// through export and import; bad input gets a 4xx. One lab for the whole file.

const SEED = '4242';

describe('the workshop on a live lab', () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  // 08:05: alice and bob are on the mobile network (so the CGNAT's lease log has translations), everyone is online.
  const options = testLabOptions(dataDir, { LAB_CLOCK_START: '08:05', LAB_SEED: SEED });
  let lab: RunningLab;
  let mallory: LabUser;

  const api = async (
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  ): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${lab.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const check = async (id: string, answer?: string) => {
    const { status, body } = await api(
      `/workshop/exercises/${id}/check`,
      answer === undefined ? {} : { answer },
    );
    expect(status).toBe(200);
    return body as { solved: boolean; feedback: string; evidence: string[] };
  };
  const facilitatorAnswers = async (): Promise<Record<string, string>> => {
    const key = readFileSync(join(dataDir, FACILITATOR_KEY_FILE), 'utf8').trim();
    const { status, body } = await api('/workshop/facilitator/answers', undefined, {
      'x-facilitator-key': key,
    });
    expect(status).toBe(200);
    return Object.fromEntries(body.answers.map((a: { id: string; expected: string }) => [a.id, a.expected]));
  };
  /** The typeable part of an expected answer: what comes before the facilitator's note in brackets. */
  const typeable = (expected: string) => expected.split(' (')[0];

  beforeAll(async () => {
    lab = await startLab(options);
    const vulnerable = lab.world.directories.get('vulnerable')!;
    await eventually(() => {
      for (const agent of vulnerable.population!.agents.values())
        expect(agent.connection?.welcome).toBeDefined();
    }, 10_000);
    // A still clock: nobody moves between reading the true answer and checking it.
    expect((await api('/clock', { paused: true })).status).toBe(200);
    mallory = await LabUser.create(vulnerable.running, 'mallory', '127.0.113.150');
    await mallory.goOnline();
  }, 30_000);
  afterAll(async () => {
    await mallory?.close();
    await lab?.stop();
    dir.remove();
  });

  it('lists the fourteen exercises in order, each shown with its draw filled in and no locked hint', async () => {
    const { body } = await api('/workshop/exercises');
    expect(body.exercises.map((e: { order: number }) => e.order)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    const shown = (await api('/workshop/exercises/resolve-a-user')).body;
    expect(shown.goal).not.toContain('{target}');
    expect(shown).toMatchObject({ hints: [], hintsRemaining: 2, solved: false });
    expect(JSON.stringify(shown)).not.toContain('The loopback form'); // the second hint's text stays locked
    const hint = (await api('/workshop/exercises/resolve-a-user/hints', {})).body;
    expect(hint).toMatchObject({ number: 1, hintsRemaining: 1 });
    expect((await api('/workshop/exercises/resolve-a-user')).body.hints).toHaveLength(1);
    // Positive control: the text kept back above is the second hint's, and it arrives once asked for.
    expect((await api('/workshop/exercises/resolve-a-user/hints', {})).body).toMatchObject({ number: 2 });
    expect(JSON.stringify((await api('/workshop/exercises/resolve-a-user')).body)).toContain(
      'The loopback form',
    );
  });

  it('accepts the true answer of every answer-checked exercise and refuses a wrong one', async () => {
    await api('/workshop/exercises/the-inconspicuous-call');
    // The lease case needs a translation at least a couple of seconds old.
    await eventually(async () => {
      expect((await api('/workshop/exercises/cgnat-and-lease-logs')).body.waiting).toBeUndefined();
    }, 5000);
    const expected = await facilitatorAnswers();
    const wrong: Record<string, string> = {
      'resolve-a-user': '198.51.100.99 10.9.9.9',
      'address-to-isp-and-city': 'opennet 7',
      'the-debug-log': '10.9.9.9',
      'live-tracking': 'home 203.0.113.150 work 198.51.100.99',
      enumeration: 'frank',
      'switch-to-fixed': '198.51.100.99 profile',
      'defence-matrix': 'limited limited limited',
      'cgnat-and-lease-logs': 'erin-not-here',
      'what-the-fixed-directory-still-reveals': 'frank',
      'was-the-advice-right': 'blocked blocked blocked',
    };
    for (const [id, answer] of Object.entries(wrong)) {
      const refused = await check(id, answer);
      expect({ id, solved: refused.solved }).toEqual({ id, solved: false });
      expect(refused.feedback.length).toBeGreaterThan(10);
      const accepted = await check(id, typeable(expected[id]));
      expect({ id, solved: accepted.solved, feedback: accepted.feedback }).toEqual({
        id,
        solved: true,
        feedback: expect.any(String),
      });
    }
    // The lease case is one the ISP's own lease log answers, with the port and the time the exercise gives.
    const steps: string = (await api('/workshop/exercises/cgnat-and-lease-logs')).body.steps[0];
    const [, ispId, address, port, at] = /(\S+)'s address (\S+), source port (\d+), at (\S+) /.exec(steps)!;
    const lease = await fetch(
      `${lab.isp.url}/isps/${ispId}/leases?address=${address}&port=${port}&at=${encodeURIComponent(at)}`,
      { headers: { authorization: `Lawful-Request ${options.lawfulRequestToken}` } },
    );
    const { subscribers } = (await lease.json()) as { subscribers: { subscriber: string }[] };
    expect(subscribers.map((s) => s.subscriber)).toEqual([
      expect.stringContaining(`(mobile subscriber ${typeable(expected['cgnat-and-lease-logs'])})`),
    ]);
    // The profile cells hold at least one leak, so "blocked" thrice is never the answer.
    expect(typeable(expected['was-the-advice-right'])).toMatch(/^(?!blocked blocked blocked$)/);
    expect(typeable(expected['was-the-advice-right'])).toMatch(
      /^(leaked|noticed|blocked)( (leaked|noticed|blocked)){2}$/,
    );
    // The defence matrix answers differ from one cell to the next at least somewhere; "limited" thrice is never right.
    expect(typeable(expected['defence-matrix'])).toMatch(
      /^(leaked|limited|blocked)( (leaked|limited|blocked)){2}$/,
    );
  }, 30_000);

  it('meet the directory: solved once the account exists and the password is right', async () => {
    const { body } = await api('/workshop/exercises/meet-the-directory');
    const username = /account (\S+) /.exec(body.goal)![1];
    expect(await check('meet-the-directory', 'a-password-1')).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/no account/),
    });
    const vulnerable = lab.world.directories.get('vulnerable')!.running;
    const participant = await LabUser.create(vulnerable, username, '127.0.113.150');
    await participant.close();
    expect(await check('meet-the-directory', 'not-the-password')).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/not its password/),
    });
    expect(await check('meet-the-directory', `${username}-password-1`)).toMatchObject({ solved: true });
  });

  it('the inconspicuous call: a call that rang does not count, a call hung up before the ring does', async () => {
    const shown = (await api('/workshop/exercises/the-inconspicuous-call')).body;
    const target = /^Call (\S+),/.exec(shown.goal)![1];
    expect(await check('the-inconspicuous-call')).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/has not seen/),
    });
    const socket = mallory.socket!;
    const call = async (holdMs: number) => {
      const start = socket.transcript.length;
      socket.send('call.invite', { username: target });
      await eventually(() => expect(socket.transcript.slice(start).join('')).toContain('call.created'));
      const callId = /"callId":"([^"]+)"/.exec(socket.transcript.slice(start).join(''))![1];
      await sleep(holdMs);
      socket.send('call.cancel', { callId });
    };
    // Positive control: held past the ring, the victim's screen shows it, and the check says so.
    await call(RING_WINDOW_MS);
    await sleep(RING_WINDOW_MS);
    expect(await check('the-inconspicuous-call')).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/rang/),
    });
    await call(100);
    await sleep(RING_WINDOW_MS);
    const verdict = await check('the-inconspicuous-call');
    expect(verdict).toMatchObject({ solved: true });
    expect(verdict.evidence.join(' ')).toContain(`${target}'s screen for that call: nothing`);
  }, 20_000);

  it('write a mitigation: the untouched scaffold is checked by the real attack, and still leaks', async () => {
    // The scaffold changes nothing, so the L1 attack must find bob's address; the paired
    // "correct fix passes" case is in test/workshop/write-a-mitigation/check.e2e-spec.ts.
    const verdict = await check('write-a-mitigation');
    expect(verdict).toMatchObject({ solved: false, feedback: expect.stringMatching(/^No: /) });
    // What failed is the attack, while the controls passed: the set-up itself worked.
    expect(verdict.evidence.join('\n')).toMatch(/FAILED {2}attack: /);
    expect(verdict.evidence.join('\n')).toMatch(/passed {2}control: /);
  }, 120_000);

  it('the last hop: the right street alone is half of it; the fixed desk telling the target completes it', async () => {
    const expected = typeable((await facilitatorAnswers())['the-last-hop']);
    const target = /^Find the street (\S+) lives on/.exec(
      (await api('/workshop/exercises/the-last-hop')).body.goal,
    )![1];
    const persona = lab.world.plan.personas.find((p) => p.username === target)!;
    const home = persona.networks.home!;
    expect(home.household!.street).toBe(expected);
    const other = [...lab.world.plan.networks.values()].find(
      (n) => n.household && n.household !== home.household,
    )!.household!;
    expect(await check('the-last-hop', other.street)).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/not the one behind/),
    });
    expect(await check('the-last-hop', expected.toLowerCase())).toMatchObject({
      solved: false,
      feedback: expect.stringMatching(/Now stop it/),
    });
    // The fixed world's chain reaches the fixed desk from the attacker's cache: the known-facts pretext.
    const line = { ispId: home.isp.id, address: home.publicAddress, at: new Date().toISOString() };
    const attempt = await pretextKnownFacts(lab.ispFixed.url, line, home.household!.town);
    expect(attempt.household).toBeNull();
    expect(await check('the-last-hop', expected)).toMatchObject({ solved: true });
  });

  it('draws different answers for another seed, and the same for the same seed', async () => {
    const answers = async (seed: string, sub: string) => {
      const other = Workshop.open({ world: lab.world, dataDir: join(dir.path, sub), seedOverride: seed });
      try {
        const key = readFileSync(join(dir.path, sub, FACILITATOR_KEY_FILE), 'utf8').trim();
        return (await other.answers(key)).answers.map((a) => `${a.id}: ${a.expected}`);
      } finally {
        other.close();
      }
    };
    const { mkdirSync } = await import('node:fs');
    for (const sub of ['seed-a', 'seed-b', 'seed-c']) mkdirSync(join(dir.path, sub));
    const mine = await answers(SEED, 'seed-a');
    const again = await answers(SEED, 'seed-b');
    const other = await answers('777', 'seed-c');
    // The live answers (where a persona is now) are the same for the same seed; the seed picks the targets.
    expect(again).toEqual(mine);
    const differing = mine.filter((line, i) => line !== other[i]);
    expect(differing.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the facilitator answers behind the key', async () => {
    expect(await api('/workshop/facilitator/answers')).toMatchObject({
      status: 403,
      body: { code: 'facilitator_key_required' },
    });
    expect(
      await api('/workshop/facilitator/answers', undefined, { 'x-facilitator-key': 'guess' }),
    ).toMatchObject({ status: 403 });
  });

  it('answers bad input with a clear 4xx', async () => {
    expect(await api('/workshop/exercises/no-such-exercise')).toMatchObject({
      status: 404,
      body: { code: 'exercise_not_found', message: expect.stringContaining('resolve-a-user') },
    });
    expect((await api('/workshop/exercises/no-such-exercise/check', {})).status).toBe(404);
    expect(await api('/workshop/exercises/resolve-a-user/check', { answer: 42 })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect(await api('/workshop/exercises/resolve-a-user/check', { answer: 'x', extra: 1 })).toMatchObject({
      status: 400,
    });
    expect((await api('/workshop/exercises/resolve-a-user/check', { answer: 'x'.repeat(501) })).status).toBe(
      400,
    );
    expect((await api('/workshop/exercises/resolve-a-user/check', '{"answer":')).status).toBe(400);
    for (let i = 0; i < 3; i++) await api('/workshop/exercises/enumeration/hints', {});
    expect(await api('/workshop/exercises/enumeration/hints', {})).toMatchObject({
      status: 409,
      body: { code: 'no_more_hints' },
    });
    for (const body of [{}, { format: 'x' }, [], { ...(await api('/workshop/progress')).body, version: 2 }]) {
      expect(await api('/workshop/progress', body)).toMatchObject({
        status: 422,
        body: { code: 'progress_import_refused' },
      });
    }
  });

  it('round-trips progress through export and import, and refuses a changed or foreign file', async () => {
    const exported = (await api('/workshop/progress')).body;
    expect(exported).toMatchObject({ format: 'lastseen-lab/workshop-progress', version: 1 });
    const solvedBefore = exported.exercises
      .filter((e: { solvedAt: string | null }) => e.solvedAt)
      .map((e: { id: string }) => e.id);
    expect(solvedBefore).toEqual(expect.arrayContaining(['resolve-a-user', 'meet-the-directory']));
    // A forged solve does not import.
    const forged = {
      ...exported,
      exercises: exported.exercises.map((e: object) => ({ ...e, solvedAt: exported.exportedAt })),
    };
    expect(await api('/workshop/progress', forged)).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/signature/) },
    });
    expect(await api('/workshop/progress', { ...exported, instance: '000000000000' })).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/another lab instance/) },
    });
    // A reset exercise draws again: other names to sweep; its history stays.
    const drawnBefore = (await api('/workshop/exercises/enumeration')).body.goal;
    expect(await api('/workshop/exercises/enumeration/reset', {})).toMatchObject({
      status: 200,
      body: { reset: ['enumeration'] },
    });
    const drawnAfter = (await api('/workshop/exercises/enumeration')).body;
    expect(drawnAfter).toMatchObject({ solved: false, attempts: 0, hints: [] });
    expect(drawnAfter.goal).not.toBe(drawnBefore);
    expect(
      lab.workshop.history().filter((h) => h.exercise === 'enumeration' && h.kind === 'attempt').length,
    ).toBeGreaterThan(0);
    expect((await api('/workshop/reset', {})).status).toBe(200);
    expect(
      (await api('/workshop/exercises')).body.exercises.every((e: { status: string }) => e.status === 'new'),
    ).toBe(true);
    expect(await api('/workshop/progress', exported)).toMatchObject({
      status: 200,
      body: { solved: solvedBefore.length },
    });
    const after = (await api('/workshop/progress')).body;
    expect(after.exercises).toEqual(exported.exercises);
  });

  it('prints the list and a verdict on the command line, as JSON lines with --json', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    try {
      await new ExerciseCommand().run(['list'], { lab: lab.server.url, json: true });
      await new ExerciseCommand().run(['check', 'enumeration', 'frank'], { lab: lab.server.url, json: true });
      await new ExerciseCommand().run(['show', 'resolve-a-user'], { lab: lab.server.url });
    } finally {
      write.mockRestore();
    }
    expect(lines.slice(0, 14).map((l) => JSON.parse(l).order)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    expect(JSON.parse(lines[14])).toMatchObject({ solved: false });
    expect(lines.slice(15).join('\n')).toMatch(/^2\. Resolve a user \(L1\)/);
    await expect(new ExerciseCommand().run(['show', 'nope'], { lab: lab.server.url })).rejects.toThrow(
      /No exercise "nope"/,
    );
    await expect(new ExerciseCommand().run(['frobnicate'], { lab: lab.server.url })).rejects.toThrow(
      /not an exercise action/,
    );
  });

  it('keeps progress across a restart of the lab', async () => {
    const before = (await api('/workshop/exercises')).body.exercises;
    expect(before.filter((e: { status: string }) => e.status === 'solved').length).toBeGreaterThan(0);
    await mallory.close();
    await lab.stop();
    lab = await startLab(options);
    const after = (await api('/workshop/exercises')).body.exercises;
    expect(after).toEqual(before);
    // The command line says so when no lab answers.
    const stopped = lab.server.url;
    await lab.stop();
    await expect(new ExerciseCommand().run(['list'], { lab: stopped })).rejects.toThrow();
    lab = await startLab(options);
  }, 30_000);
});
