import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '@lab/address-plan';
import { ApiError } from '@lab/http-kit';
import { LabClock } from '@lab/peers';
import type { DockerLabOptions } from '../config/docker-lab.config';
import { DockerLabController } from './docker-lab.controller';

describe('DockerLabController: the lab API fronting the Docker world', () => {
  let seenDir: string;
  let controller: DockerLabController;

  beforeEach(() => {
    seenDir = mkdtempSync(join(tmpdir(), 'lab-seen-'));
    const options = {
      directories: [
        { id: 'vulnerable', url: 'http://203.0.113.254:7001' },
        { id: 'fixed', url: 'http://203.0.113.253:7002' },
      ],
      seenDir,
    } as DockerLabOptions;
    controller = new DockerLabController({ options, plan: loadPlan(), clock: new LabClock(8 * 60, 1) });
  });
  afterEach(() => rmSync(seenDir, { recursive: true, force: true }));

  const statusOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ApiError) return error.getStatus();
      throw error;
    }
    return 200;
  };

  it('merges what the persona’s devices wrote, oldest first, skipping a line being written', () => {
    mkdirSync(join(seenDir, 'fixed'));
    writeFileSync(
      join(seenDir, 'fixed', 'carol.home.jsonl'),
      '{"at":"2026-12-01T10:00:02.000Z","kind":"ring","from":"alice"}\n{"at":"2026-12-01T10:0',
    );
    writeFileSync(
      join(seenDir, 'fixed', 'carol.mobile.jsonl'),
      '{"at":"2026-12-01T10:00:01.000Z","kind":"contact-request","from":"alice"}\n',
    );
    writeFileSync(
      join(seenDir, 'fixed', 'alice.home.jsonl'),
      '{"at":"2026-12-01T10:00:00.000Z","kind":"ring","from":"bob"}\n',
    );
    expect(controller.seen('fixed', 'carol').seen.map((e) => e.kind)).toEqual(['contact-request', 'ring']);
    // A persona no device has written for yet has seen nothing (positive control above).
    expect(controller.seen('vulnerable', 'carol').seen).toEqual([]);
  });

  it.each([
    ['an unknown directory', 'elsewhere', 'carol'],
    ['a path for a directory', '..', 'carol'],
    ['someone who is not a persona', 'fixed', 'mallory'],
    ['a path for a username', 'fixed', '../fixed/carol'],
  ])('answers 404 for %s', (_, id, username) => {
    expect(statusOf(() => controller.seen(id, username))).toBe(404);
  });

  it('refuses what only a lab holding its world can do, with 409 and the way to do it in Docker', () => {
    expect(statusOf(() => controller.changeClock())).toBe(409);
    expect(statusOf(() => controller.startDirectory())).toBe(409);
    expect(statusOf(() => controller.stopDirectory('fixed'))).toBe(409);
    expect(statusOf(() => controller.stopDirectory('nope'))).toBe(404);
  });

  it('lists where each device is, from the status files the devices write', () => {
    mkdirSync(join(seenDir, 'vulnerable'));
    writeFileSync(
      join(seenDir, 'vulnerable', 'carol.home.status.json'),
      JSON.stringify({ username: 'carol', slot: 'home', online: true, sourceAddress: '127.51.100.70' }),
    );
    const [vulnerable, fixed] = controller.status().directories;
    expect(vulnerable.population).toEqual([
      { device: 'carol.home', username: 'carol', slot: 'home', online: true, sourceAddress: null },
    ]);
    expect(fixed.population).toEqual([]);
    expect(controller.status().addressing).toBe('docker');
  });
});
