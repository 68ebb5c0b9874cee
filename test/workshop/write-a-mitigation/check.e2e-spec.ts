import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWrittenMitigation } from '../../../apps/lab/src/workshop/write-a-mitigation/check';
import { ROOT } from '../../support/nest-build';
import { eventually, tempDir } from '../../support/lab-harness';

// The "write a mitigation yourself" check, run as the lab runs it: each case builds a participant's
// file, starts a directory with it in a child process, and attacks it with the resolver's code.

const SCAFFOLD = join(ROOT, 'workshop', 'scaffold', 'my-mitigation.ts');
const CORRECT = join(__dirname, 'fixtures', 'correct-mitigation.ts');
const scaffold = readFileSync(SCAFFOLD, 'utf8');
/** The vulnerable answer as the scaffold returns it; each broken variant replaces this line. */
const RETURN_LINE = '      return profile;';

jest.setTimeout(90_000);

/** The command lines of the processes running a directory for a file under `dir` (Linux: /proc). */
function directoriesRunning(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return ''; // gone meanwhile
      }
    })
    .filter((command) => command.includes('policy-directory') && command.includes(dir));
}

describe('checkWrittenMitigation', () => {
  let work: ReturnType<typeof tempDir>;
  beforeAll(() => (work = tempDir()));
  afterAll(() => work.remove());
  // Whatever the participant's code did, the check leaves no directory running (see the control in
  // the cancellation test: this scan does see one while it runs).
  afterEach(() => expect(directoriesRunning(work.path)).toEqual([]));

  /** A participant's file: the scaffold with its return line replaced, in the work folder (outside the repo). */
  const variant = (name: string, returnLine: string, extra = '') => {
    expect(scaffold).toContain(RETURN_LINE);
    const file = join(work.path, `${name}.ts`);
    writeFileSync(file, scaffold.replace(RETURN_LINE, returnLine) + extra);
    return file;
  };
  const check = (scaffoldFile: string) =>
    checkWrittenMitigation({ scaffoldFile, dataDir: join(work.path, 'data') });

  it('passes a correct fix, with every step shown', async () => {
    const result = await check(CORRECT);
    expect(result).toMatchObject({ solved: true, summary: expect.stringMatching(/^Yes: /) });
    expect(result.details).toEqual([
      expect.stringMatching(/^passed +control: a contact looks bob up/),
      expect.stringMatching(
        /^passed +control: a contact follows bob's presence — alice, his contact, is told that bob is online/,
      ),
      expect.stringMatching(/^passed +control: a contact calls bob/),
      expect.stringMatching(
        /^passed +attack: L1: a stranger resolves bob and carol — the stranger got no address/,
      ),
      expect.stringMatching(
        /^passed +attack: L2: a stranger follows bob's presence — the stranger got no address \(told that bob is online\)/,
      ),
    ]);
  });

  it("fails a fix of the lookup alone: the presence frames still give the stranger bob's address (L2)", async () => {
    const file = variant(
      'lookup-only',
      '      return { username: profile.username, displayName: profile.displayName, online: profile.online, lastSeenAt: profile.lastSeenAt };',
    );
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toMatch(/^No: L2 still leaks: a stranger who follows bob's presence was given /);
    expect(result.summary).toContain("bob's public address 127.51.100.140");
    expect(result.summary).toContain("bob's LAN address 192.168.1.23");
    // The lookup is fixed, and every use of bob's contact still works: L2 is the one failure.
    expect(result.details.filter((d) => d.startsWith('FAILED'))).toEqual([
      expect.stringMatching(/^FAILED +attack: L2: /),
    ]);
  });

  it('passes the other way in: strangers may not see bob at all, for the lookup and the presence alike', async () => {
    const file = variant(
      'contacts-only',
      "      return profile;\n    },\n    presenceVisibleTo(relation: Relation) {\n      return relation !== 'stranger';",
    );
    const result = await check(file);
    expect(result).toMatchObject({ solved: true });
    expect(result.details).toContainEqual(
      expect.stringMatching(
        /^passed +attack: L2: .* — the stranger got no address \(refused with user_not_found\)/,
      ),
    );
  });

  it('fails the untouched scaffold, naming the leak and the address the stranger got', async () => {
    const result = await check(SCAFFOLD);
    expect(result.solved).toBe(false);
    expect(result.summary).toContain('L1 still leaks');
    // The exact addresses bob's client connected from and reported.
    expect(result.summary).toContain("bob's public address 127.51.100.140");
    expect(result.summary).toContain("bob's LAN address 192.168.1.23");
    // Positive controls: the same run shows the contact's uses working, so the failure is the leak alone.
    expect(result.details.filter((d) => d.startsWith('passed'))).toEqual([
      expect.stringMatching(/control: a contact looks bob up/),
      expect.stringMatching(/control: a contact follows bob's presence/),
      expect.stringMatching(/control: a contact calls bob/),
    ]);
    expect(result.details).toContainEqual(expect.stringMatching(/^FAILED +attack: L2: .*L2 still leaks/));
  });

  it('reports a syntax error with its file and line, without starting anything', async () => {
    const file = variant('syntax-error', '      return profile;;\n      }}}');
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toMatch(/^your file does not compile .*syntax-error\.ts:\d+:\d+ error TS\d+/);
  });

  it('reports a type error with its file and line', async () => {
    const line = scaffold.split('\n').indexOf(RETURN_LINE) + 1;
    const file = variant('type-error', "      return { ...profile, online: 'yes' };");
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toContain(`type-error.ts:${line}:`);
    expect(result.summary).toMatch(/error TS2322: Type 'string' is not assignable to type 'boolean'/);
  });

  it('reports a hook that throws, where it threw, and fails', async () => {
    const line = scaffold.split('\n').indexOf(RETURN_LINE) + 1;
    const file = variant('throws', "      throw new Error('not today');");
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toContain(`your profileFor threw Error: not today (at throws.ts:${line}:`);
    expect(result.details).toContainEqual(
      expect.stringMatching(
        /^FAILED +control: a contact looks bob up — a contact could no longer look bob up: the directory answered 500/,
      ),
    );
  });

  it('fails an over-blocking fix that hides bob from his contacts too, saying what broke', async () => {
    const file = variant(
      'over-blocking',
      '      return profile;\n    },\n    presenceVisibleTo() {\n      return false;',
    );
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toMatch(
      /^the leak is closed, but your change breaks the directory: a contact could no longer look bob up: the directory answered 404 user_not_found/,
    );
    // The attacks themselves found nothing: the failure is the controls alone.
    expect(result.details).toContainEqual(expect.stringMatching(/^passed +attack: L1/));
    expect(result.details).toContainEqual(expect.stringMatching(/^passed +attack: L2/));
  });

  it('reports a file that throws as it loads as a directory that did not start', async () => {
    const file = variant('throws-at-load', RETURN_LINE, "\nthrow new Error('broken on purpose');\n");
    const result = await check(file);
    expect(result).toMatchObject({ solved: false });
    expect(result.summary).toMatch(
      /^your directory did not start: loading your file threw Error: broken on purpose \(at throws-at-load\.ts:\d+:\d+\)/,
    );
  });

  it('bounds a hook that never returns in time, and the lab goes on', async () => {
    const file = variant('endless', '      for (;;) profile.online = true;');
    const started = Date.now();
    const result = await check(file);
    expect(result.solved).toBe(false);
    expect(result.summary).toMatch(/no answer within 10 s; does a hook of yours loop forever\?/);
    // Only the first step waited: the steps after it failed at once.
    expect(result.details).toContainEqual(
      expect.stringMatching(/not tried, your directory stopped answering/),
    );
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it('stops when cancelled, leaving no directory behind', async () => {
    const abort = new AbortController();
    const pending = checkWrittenMitigation({
      scaffoldFile: CORRECT,
      dataDir: join(work.path, 'data'),
      signal: abort.signal,
    });
    // Positive control: while the check runs, its directory is seen running.
    await eventually(() => expect(directoriesRunning(work.path)).toHaveLength(1), 60_000);
    abort.abort();
    expect(await pending).toEqual({ solved: false, summary: 'the check was cancelled', details: [] });
    expect(directoriesRunning(work.path)).toEqual([]);
  });
});
