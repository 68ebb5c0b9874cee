import { join } from 'node:path';
import { RunningLab, startLab } from '@lab/lab';
import type { PresenceSocket } from '@lab/directory-client';
import { LabUser, eventually, sleep, tempDir, testLabOptions } from '../support/lab-harness';

// M2 in the running lab, seen from both ends: a stranger's call to an online persona, to an
// offline one and to a missing user look the same to the caller, and the callee's screen (the
// lab API's victim view) shows nothing — while a contact's call does ring.

/** Longer than the personas' ring delay (1.5 s): a call that rings has rung by then. */
const WATCH_MS = 2200;

describe("strangers' calls in the fixed directory (M2)", () => {
  const dir = tempDir();
  let lab: RunningLab;
  let mallory: LabUser;

  beforeAll(async () => {
    const options = testLabOptions(join(dir.path, 'data'), {
      LAB_CLOCK_START: '03:00', // alice and carol at home, dave offline
    });
    lab = await startLab(options);
    const fixed = lab.world.directories.get('fixed')!;
    await eventually(() => {
      for (const name of ['alice', 'carol'])
        expect(fixed.population!.agent(name)!.connection?.welcome).toBeDefined();
    }, 10_000);
    expect(fixed.population!.agent('dave')!.connection).toBeUndefined();
    mallory = await LabUser.create(fixed.running, 'mallory', '127.0.113.150');
    await mallory.goOnline();
  }, 30_000);
  afterAll(async () => {
    await mallory?.close();
    await lab.stop();
    dir.remove();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const seen = async (username: string): Promise<any[]> => {
    const response = await fetch(`${lab.server.url}/directories/fixed/seen/${username}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { seen: unknown[] }).seen;
  };

  /** Everything the caller's socket receives from sending the invite until WATCH_MS later, call ids masked. */
  async function framesOfInvite(socket: PresenceSocket, username: string) {
    const start = socket.transcript.length;
    socket.send('call.invite', { username });
    await sleep(WATCH_MS);
    const frames = socket.transcript.slice(start);
    const callId = /"callId":"([^"]+)"/.exec(frames[0] ?? '')?.[1];
    if (callId) socket.send('call.cancel', { callId });
    return frames.map((frame) => frame.replace(/"callId":"[^"]+"/, '"callId":"…"'));
  }

  it("gives a stranger's invite the same frames, in the same order, for an online, offline or missing callee; the callee sees nothing", async () => {
    const socket = mallory.socket!;
    const toOnline = await framesOfInvite(socket, 'alice');
    const toOffline = await framesOfInvite(socket, 'dave');
    const toMissing = await framesOfInvite(socket, 'alica');
    expect(toOnline).toEqual(['{"event":"call.created","data":{"callId":"…","username":"alice"}}']);
    expect(toOffline).toEqual([toOnline[0].replace('"alice"', '"dave"')]);
    expect(toMissing).toEqual([toOnline[0].replace('"alice"', '"alica"')]);
    await sleep(300); // the cancels, too, leave nothing on alice's screen
    expect(await seen('alice')).toEqual([]);
    // Nothing came back to mallory for the cancels either: no error, no frame.
    expect(socket.frames.filter((f) => f.event === 'error')).toEqual([]);
  }, 15_000);

  it("the control: a contact's call to alice does ring on her screen", async () => {
    const carol = lab.world.directories.get('fixed')!.population!.agent('carol')!.connection!;
    const callId = await carol.invite('alice');
    await eventually(async () => {
      expect(await seen('alice')).toContainEqual(
        expect.objectContaining({ kind: 'ring', from: 'carol', callId }),
      );
    }, 5000);
    carol.send('call.hangup', { callId });
  }, 10_000);
});
