import { join } from 'node:path';
import type { Persona } from '@lab/address-plan';
import { CONSOLE_ATTACKER, ConsoleEvents, CreateJobDto, JobsService, RunningLab, startLab } from '@lab/lab';
import { WsCloseCode } from '@lab/protocol';
import { DEFAULT_ATTACKER } from '@lab/resolver';
import { ConsoleSocket, Frame } from '../support/console-socket';
import { LabUser, eventually, tempDir, testLabOptions } from '../support/lab-harness';

// The console's jobs on a live lab: the resolver's attacks against the lab's own directories (the
// exact address the victim's socket connected from; nothing of anyone from the fixed directory),
// the defence matrix filling in on the WebSocket, and every kind of bad request.

describe("the console's jobs", () => {
  const dir = tempDir();
  let lab: RunningLab;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const api = async (path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${lab.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  /** Starts a job and waits for it to end: its JSON as GET /console/api/jobs/:id gives it. */
  const run = async (body: unknown, timeoutMs = 20_000) => {
    const started = await api('/console/api/jobs', body);
    expect(started).toMatchObject({ status: 202, body: { id: expect.any(String), status: 'running' } });
    let job: Frame = {};
    await eventually(async () => {
      job = (await api(`/console/api/jobs/${started.body.id}`)).body;
      expect(job.status).not.toBe('running');
    }, timeoutMs);
    return job;
  };
  const personas = (): Persona[] =>
    [...lab.world.directories.get('vulnerable')!.population!.agents.values()].map((a) => a.persona);
  /**
   * Every address of every persona, in each form it could take: simulated, loopback, LAN. But the
   * café's: the attacker sits there too (erin's café network is mallory's), and the directory's
   * welcome frame tells every client its own endpoint, as a STUN server does.
   */
  const attackerOwn = ['127.0.113.150', '203.0.113.150'];
  const everyAddress = () =>
    personas()
      .flatMap((p) => [
        ...Object.values(p.networks).flatMap((n) => [n!.publicAddress, n!.loopbackAddress]),
        ...Object.values(p.lan).map((a) => a!),
      ])
      .filter((address) => !attackerOwn.includes(address));
  const addressesFoundIn = (json: unknown) => {
    const text = JSON.stringify(json);
    return everyAddress().filter((address) =>
      new RegExp(`(^|[^\\d.])${address.replace(/\./g, '\\.')}($|[^\\d])`).test(text),
    );
  };
  /** Where alice's socket to a directory really comes from, as the victim's side knows it. */
  const aliceSocket = (directory: string) => {
    const agent = lab.world.directories.get(directory)!.population!.agent('alice')!;
    return { source: agent.status().sourceAddress!, port: agent.connection!.localPort! };
  };

  beforeAll(async () => {
    // 10:05: alice is at work, online in both directories.
    lab = await startLab(testLabOptions(join(dir.path, 'data'), { LAB_CLOCK_START: '10:05' }));
    await eventually(
      () =>
        expect(
          lab.world.directories.get('vulnerable')!.population!.agent('alice')!.connection?.welcome,
        ).toBeDefined(),
      10_000,
    );
    // A still clock: nobody moves between the attack and the victim-side truth.
    expect((await api('/clock', { paused: true })).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await lab?.stop();
    dir.remove();
  });

  it('resolve against the vulnerable directory: the exact address and port of the victim socket, enriched', async () => {
    const job = await run({ kind: 'attack', attack: 'resolve', directory: 'vulnerable', target: 'alice' });
    const { source, port } = aliceSocket('vulnerable');
    expect(job).toMatchObject({
      kind: 'attack',
      status: 'done',
      progress: { done: 1, total: 1 },
      finishedAt: expect.any(String),
    });
    expect(job.result.leaked[0]).toEqual({
      username: 'alice',
      address: lab.world.plan.display(source),
      observedAddress: source,
      port,
      kind: 'public',
      labTime: expect.stringMatching(/^day 1, \d\d:\d\d$/),
      labMinutes: expect.any(Number),
      enrichment: expect.objectContaining({
        isp: expect.any(String),
        city: expect.any(String),
        asn: expect.any(Number),
        radiusKm: expect.any(Number),
      }),
    });
    expect(job.result.leaked.filter((l: Frame) => l.kind === 'local').map((l: Frame) => l.address)).toEqual([
      lab.world.directories.get('vulnerable')!.population!.agent('alice')!.status().lanAddress,
    ]);
    expect(job.result.refused).toBeUndefined();
    // What the attacker saw: the directory's answer itself, carrying the address on the wire.
    expect(job.result.raw).toContainEqual(
      expect.objectContaining({
        channel: 'http',
        status: 200,
        body: expect.objectContaining({ username: 'alice', lastSeenAddress: source, lastSeenPort: port }),
      }),
    );
  });

  it('resolve against the fixed directory: refused, and no address of anyone anywhere in the job', async () => {
    const job = await run({ kind: 'attack', attack: 'resolve', directory: 'fixed', target: 'alice' });
    expect(job.result).toMatchObject({
      leaked: [],
      refused: {
        status: 404,
        code: 'user_not_found',
        message: expect.stringContaining('missing users and users hidden'),
      },
    });
    expect(job.result.raw.length).toBeGreaterThan(0);
    expect(addressesFoundIn(job)).toEqual([]);
    // Positive control: the same search finds alice's addresses in the vulnerable directory's job.
    const leaky = await run({ kind: 'attack', attack: 'resolve', directory: 'vulnerable', target: 'alice' });
    expect(addressesFoundIn(leaky)).toEqual(
      expect.arrayContaining([
        aliceSocket('vulnerable').source,
        lab.world.plan.display(aliceSocket('vulnerable').source),
      ]),
    );
  });

  it('probe-call: the candidates, and the ring never shown; nothing from the fixed directory', async () => {
    const alice = lab.world.directories.get('vulnerable')!.population!.agent('alice')!;
    const seenBefore = alice.seen.length;
    const job = await run({ kind: 'attack', attack: 'probe-call', directory: 'vulnerable', target: 'alice' });
    const { source, port } = aliceSocket('vulnerable');
    expect(job.result).toMatchObject({ ringShown: false });
    // The victim's side: past the clients' ring delay (1.5 s), alice's client showed her nothing.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(alice.seen.slice(seenBefore)).toEqual([]);
    // Positive control: the same attacker holding a call until it rings leaves a ring on alice's side.
    const mallory = new LabUser(
      CONSOLE_ATTACKER.username,
      DEFAULT_ATTACKER.sourceAddress,
      [],
      lab.world.directories.get('vulnerable')!.running,
    );
    try {
      await mallory.client.login(CONSOLE_ATTACKER.username, CONSOLE_ATTACKER.password);
      const socket = await mallory.goOnline();
      const held = await socket.invite('alice');
      await socket.waitFor('call.ringing', (c) => c.callId === held);
      socket.send('call.cancel', { callId: held });
      await eventually(() =>
        expect(alice.seen.slice(seenBefore)).toContainEqual(
          expect.objectContaining({ kind: 'ring', from: CONSOLE_ATTACKER.username, callId: held }),
        ),
      );
    } finally {
      await mallory.close();
    }
    expect(job.result.leaked).toContainEqual(
      expect.objectContaining({
        kind: 'public',
        observedAddress: source,
        port,
        address: lab.world.plan.display(source),
      }),
    );
    expect(job.result.raw).toContainEqual(
      expect.objectContaining({
        channel: 'ws',
        frame: expect.objectContaining({ event: 'call.candidates' }),
      }),
    );
    const fixed = await run({ kind: 'attack', attack: 'probe-call', directory: 'fixed', target: 'alice' });
    expect(fixed.result.leaked).toEqual([]);
    expect(addressesFoundIn(fixed)).toEqual([]);
  });

  it("runs beside the resolver's own attacker on the same directory: the console has an account of its own", async () => {
    const directory = lab.world.directories.get('vulnerable')!.running;
    // The resolver's mallory, online as `npm run resolver -- watch` keeps it while it watches.
    const resolverSide = new LabUser(
      DEFAULT_ATTACKER.username,
      DEFAULT_ATTACKER.sourceAddress,
      [],
      directory,
    );
    const second = new LabUser(DEFAULT_ATTACKER.username, DEFAULT_ATTACKER.sourceAddress, [], directory);
    try {
      await resolverSide.client
        .login(DEFAULT_ATTACKER.username, DEFAULT_ATTACKER.password)
        .catch(() => resolverSide.client.signUp(DEFAULT_ATTACKER.username, DEFAULT_ATTACKER.password));
      const socket = await resolverSide.goOnline();
      let closed: { code: number } | undefined;
      void socket.closed.then((c) => (closed = c));
      // A socket attack of the console's, on the same directory, while the resolver's socket is open.
      const job = await run({
        kind: 'attack',
        attack: 'probe-call',
        directory: 'vulnerable',
        target: 'alice',
      });
      expect(job.status).toBe('done');
      expect(job.result.leaked).toContainEqual(
        expect.objectContaining({ kind: 'public', observedAddress: aliceSocket('vulnerable').source }),
      );
      // The heartbeat still answers on the resolver's socket: the directory did not replace it.
      const answered = socket.waitFor('heartbeat');
      socket.send('heartbeat', {});
      await answered;
      expect(closed).toBeUndefined();
      // Positive control: a second connection of the resolver's own account does replace it.
      await second.client.login(DEFAULT_ATTACKER.username, DEFAULT_ATTACKER.password);
      await second.goOnline();
      await expect(socket.closed).resolves.toMatchObject({ code: WsCloseCode.Replaced });
    } finally {
      await second.close();
      await resolverSide.close();
    }
  });

  it('track: a timeline with lanes, sightings and the home/work guesses, over a lab day', async () => {
    expect((await api('/clock', { paused: false, speed: 3600 })).status).toBe(200);
    try {
      const job = await run(
        {
          kind: 'attack',
          attack: 'track',
          directory: 'vulnerable',
          target: 'alice',
          options: { labMinutes: 1440 },
        },
        45_000,
      );
      expect(job.status).toBe('done');
      const { timeline } = job.result;
      expect(timeline.channel).toBe('presence (L2)');
      expect(timeline.lanes.length).toBeGreaterThan(0);
      expect(timeline.lanes[0]).toEqual({
        network: expect.any(String),
        isp: expect.any(String),
        city: expect.any(String),
      });
      expect(timeline.sightings.length).toBeGreaterThan(0);
      // Every mark is an address alice really had: one of her networks' public addresses.
      const hers = Object.values(personas().find((p) => p.username === 'alice')!.networks).map(
        (n) => n!.publicAddress,
      );
      for (const mark of timeline.sightings) expect(hers).toContain(mark.address);
      // The home and work guesses are alice's real home and work lines.
      const { home, work } = lab.world.plan.persona('alice')!.networks;
      expect(timeline.guesses).toEqual({
        home: expect.objectContaining({ address: home!.publicAddress }),
        work: expect.objectContaining({ address: work!.publicAddress }),
      });
      expect(job.progress.done).toBe(job.progress.total);
    } finally {
      await api('/clock', { paused: true, speed: 60 });
    }
  }, 60_000);

  it('sweep: the existing accounts of the default list; the fixed directory finds none', async () => {
    const job = await run({ kind: 'attack', attack: 'sweep', directory: 'vulnerable' });
    expect(job.result.sweep.existing).toEqual(
      expect.arrayContaining(['alice', 'bob', 'carol', 'dave', 'erin']),
    );
    expect(job.result.sweep.existing).not.toContain('frank');
    const fixed = await run({
      kind: 'attack',
      attack: 'sweep',
      directory: 'fixed',
      options: { names: ['alice', 'bob', 'nobody1'] },
    });
    expect(fixed.result.sweep.existing).toEqual([]);
  });

  it('refuses bad requests with the lab error body naming the field', async () => {
    const bad = async (body: unknown, status: number, code: string, mentions: RegExp) => {
      const answer = await api('/console/api/jobs', body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({ body, status, code });
      expect(answer.body.message).toMatch(mentions);
      expect(answer.body.requestId).toEqual(expect.any(String));
    };
    await bad({}, 400, 'validation_failed', /kind/);
    await bad({ kind: 'nuke' }, 400, 'validation_failed', /kind/);
    await bad(
      { kind: 'attack', attack: 'nuke', directory: 'vulnerable', target: 'alice' },
      400,
      'validation_failed',
      /attack/,
    );
    await bad(
      { kind: 'attack', attack: 'resolve', directory: 'vulnerable' },
      400,
      'validation_failed',
      /target/,
    );
    await bad(
      { kind: 'attack', attack: 'resolve', directory: 'vulnerable', target: '../etc/passwd' },
      400,
      'validation_failed',
      /target/,
    );
    await bad(
      { kind: 'attack', attack: 'resolve', directory: 'vulnerable', target: 'alice', extra: 1 },
      400,
      'validation_failed',
      /extra/,
    );
    await bad(
      {
        kind: 'attack',
        attack: 'resolve',
        directory: 'vulnerable',
        target: 'alice',
        options: { labMinutes: 5 },
      },
      400,
      'validation_failed',
      /labMinutes/,
    );
    await bad(
      {
        kind: 'attack',
        attack: 'watch',
        directory: 'vulnerable',
        target: 'alice',
        options: { labMinutes: 99999 },
      },
      400,
      'validation_failed',
      /labMinutes/,
    );
    await bad(
      { kind: 'attack', attack: 'sweep', directory: 'vulnerable', target: 'alice' },
      400,
      'validation_failed',
      /no target/,
    );
    await bad(
      { kind: 'attack', attack: 'sweep', directory: 'vulnerable', options: { names: ['Not A Name'] } },
      400,
      'validation_failed',
      /names/,
    );
    await bad({ kind: 'matrix', target: 'alice' }, 400, 'validation_failed', /target/);
    await bad('{"kind":', 400, 'malformed_json', /JSON/);
    await bad(
      { kind: 'attack', attack: 'resolve', directory: 'nope', target: 'alice' },
      404,
      'lab_directory_not_found',
      /nope/,
    );
    // The clock is paused here: a watch over lab time would never end.
    await bad(
      { kind: 'attack', attack: 'watch', directory: 'vulnerable', target: 'alice' },
      409,
      'clock_paused',
      /paused/,
    );
    const missing = await api('/console/api/jobs/nope');
    expect(missing).toMatchObject({ status: 404, body: { code: 'job_not_found' } });
    // Positive control: the same request with a real id answers.
    const listed = await api('/console/api/jobs');
    expect((await api(`/console/api/jobs/${listed.body[0].id}`)).status).toBe(200);
  });

  it('runs the defence matrix, pushing each cell on the WebSocket, and bounds the jobs running at once', async () => {
    const socket = await ConsoleSocket.open(lab.server.url);
    await api('/clock', { paused: false });
    try {
      const matrix = await api('/console/api/jobs', { kind: 'matrix' });
      expect(matrix).toMatchObject({ status: 202, body: { kind: 'matrix', status: 'running' } });
      expect((await api('/console/api/jobs', { kind: 'matrix' })).body.code).toBe('too_many_jobs');
      // While it runs, the job already shows the whole grid, the cells measured so far in it.
      const early = (await api(`/console/api/jobs/${matrix.body.id}`)).body;
      expect(early).toMatchObject({ status: 'running', progress: { total: 64 } });
      expect([early.result.rows.length, early.result.columns.length]).toEqual([8, 8]);
      expect(early.result.cells.length).toBeLessThan(64);
      const watch = { kind: 'attack', attack: 'watch', target: 'alice', options: { labMinutes: 5 } };
      const watchVulnerable = await api('/console/api/jobs', { ...watch, directory: 'vulnerable' });
      expect(watchVulnerable.status).toBe(202);
      // One attacker WebSocket per directory: a second socket attack there waits its turn.
      expect((await api('/console/api/jobs', { ...watch, directory: 'vulnerable' })).body.code).toBe(
        'attacker_busy',
      );
      const watchFixed = await api('/console/api/jobs', { ...watch, directory: 'fixed' });
      expect(watchFixed.status).toBe(202);
      const fourth = await api('/console/api/jobs', {
        kind: 'attack',
        attack: 'resolve',
        directory: 'vulnerable',
        target: 'bob',
      });
      expect(fourth).toMatchObject({ status: 409, body: { code: 'too_many_jobs' } });

      let job: Frame = {};
      await eventually(async () => {
        job = (await api(`/console/api/jobs/${matrix.body.id}`)).body;
        expect(job.status).not.toBe('running');
      }, 150_000);
      expect(job.status).toBe('done');
      const { rows, columns, cells } = job.result;
      expect(cells).toHaveLength(rows.length * columns.length);
      for (const cell of cells)
        expect({ cell: `${cell.row}:${cell.column}`, verdict: cell.verdict }).toEqual({
          cell: `${cell.row}:${cell.column}`,
          verdict: cell.expected,
        });
      const resolveVulnerable = cells.find((c: Frame) => c.row === 'resolve' && c.column === 'vulnerable');
      expect(resolveVulnerable.leaked).toEqual(['198.51.100.140']);
      expect(cells.find((c: Frame) => c.row === 'resolve' && c.column === 'fixed').leaked).toBeUndefined();
      const pushed = socket.frames.filter((f) => f.type === 'job' && f.id === matrix.body.id && f.cell);
      expect(pushed.map((f) => f.cell)).toEqual(cells);
      expect(pushed.map((f) => f.progress.done)).toEqual(cells.map((_: unknown, i: number) => i + 1));
      // Each row and column links to a file the console serves.
      for (const path of [
        ...rows.map((r: Frame) => r.attackFile),
        ...columns.map((c: Frame) => c.mitigationFile),
      ]) {
        const source = await api(`/console/api/source?path=${encodeURIComponent(path)}`);
        expect({ path, status: source.status }).toEqual({ path, status: 200 });
      }
      expect(socket.frames).toContainEqual(
        expect.objectContaining({ type: 'job', id: matrix.body.id, status: 'done' }),
      );
      // The watches beside it: alice's address the moment the subscription took, and nothing from the fixed one.
      let watched: Frame = {};
      await eventually(async () => {
        watched = (await api(`/console/api/jobs/${watchVulnerable.body.id}`)).body;
        expect(watched.status).toBe('done');
      }, 30_000);
      expect(watched.result.leaked).toContainEqual(
        expect.objectContaining({ kind: 'public', observedAddress: aliceSocket('vulnerable').source }),
      );
      const refused = (await api(`/console/api/jobs/${watchFixed.body.id}`)).body;
      expect(refused.result).toMatchObject({ leaked: [], refused: { code: 'user_not_found' } });
      expect(addressesFoundIn(refused)).toEqual([]);
    } finally {
      await api('/clock', { paused: true });
      await socket.close();
    }
  }, 180_000);

  it('ends a matrix whose directory never answers at its time limit, frees its slot, and stops hung jobs at once', async () => {
    // The lab's own world, with a one-second matrix limit; the console's pushes are not under test here.
    const quiet = { broadcast: () => undefined } as unknown as ConsoleEvents;
    const jobs = new JobsService(lab.world, quiet, { matrixMs: 1_000 });
    const matrix = { kind: 'matrix' } as CreateJobDto;
    // A directory start that never returns: the matrix's first cell never arrives.
    const hang = jest.spyOn(lab.world, 'startOnDemand').mockReturnValue(new Promise(() => undefined));
    try {
      const hung = jobs.start(matrix);
      await eventually(() => expect(jobs.get(hung.id).status).not.toBe('running'), 5_000);
      expect(hang).toHaveBeenCalled();
      expect(jobs.get(hung.id)).toMatchObject({
        status: 'failed',
        error: { code: 'job_timed_out', message: expect.stringContaining('did not finish within 1 s') },
      });
      // Its slot is free: the next matrix starts (and hangs as well); the lab's stop does not wait on it.
      const next = jobs.start(matrix);
      expect(next.status).toBe('running');
      const stopping = Date.now();
      await jobs.stopAll();
      expect(Date.now() - stopping).toBeLessThan(500);
      expect(jobs.get(next.id)).toMatchObject({ status: 'failed', error: { code: 'job_stopped' } });
    } finally {
      hang.mockRestore();
    }
    // Positive control: a job that finishes still ends done on the same service.
    const resolve = jobs.start({
      kind: 'attack',
      attack: 'resolve',
      directory: 'vulnerable',
      target: 'alice',
    } as CreateJobDto);
    await eventually(() => expect(jobs.get(resolve.id).status).not.toBe('running'), 20_000);
    expect(jobs.get(resolve.id)).toMatchObject({ status: 'done', result: { attack: 'resolve' } });
  }, 30_000);
});
