import { bobAtHome } from '../mitigations/test-records';
import type { PresenceRecord } from './directory-policy';
import { vulnerablePolicy } from './vulnerable.policy';

/** A user who has an account and has never been online: no time, no endpoint. */
const neverOnline: PresenceRecord = {
  username: 'carol',
  displayName: 'Carol',
  online: false,
  lastSeenAt: null,
  endpoint: null,
  localAddresses: [],
};

describe('the vulnerable policy', () => {
  it('L1: a profile carries the last address and port and the reported LAN addresses, to anyone', () => {
    expect(vulnerablePolicy.profileFor(bobAtHome, 'stranger')).toEqual({
      username: 'bob',
      displayName: 'Bob',
      online: true,
      lastSeenAt: bobAtHome.lastSeenAt,
      lastSeenAddress: '127.51.100.23',
      lastSeenPort: 50123,
      localAddresses: ['192.168.77.20'],
    });
  });

  it('shows a user who was never online with empty address fields, not a crash', () => {
    expect(vulnerablePolicy.profileFor(neverOnline, 'stranger')).toEqual({
      username: 'carol',
      displayName: 'Carol',
      online: false,
      lastSeenAt: null,
      lastSeenAddress: null,
      lastSeenPort: null,
      localAddresses: [],
    });
  });

  it('L2: anyone may follow anyone, and every presence frame says from where', () => {
    expect(vulnerablePolicy.presenceVisibleTo('stranger')).toBe(true);
    expect(vulnerablePolicy.presenceEvent(bobAtHome)).toEqual({
      username: 'bob',
      online: true,
      at: bobAtHome.lastSeenAt,
      publicAddress: '127.51.100.23',
      port: 50123,
      localAddresses: ['192.168.77.20'],
    });
  });

  it('a presence frame of a user never seen is stamped now, with empty address fields', () => {
    const before = new Date().toISOString();
    const event = vulnerablePolicy.presenceEvent(neverOnline);
    expect(event).toEqual({
      username: 'carol',
      online: false,
      at: expect.any(String),
      publicAddress: null,
      port: null,
      localAddresses: [],
    });
    expect(event.at >= before && event.at <= new Date().toISOString()).toBe(true);
  });

  it('L3/L4: calls ring anyone online, refusals say why, media flows directly, candidates at once', () => {
    expect(vulnerablePolicy.inviteAnswer({ standing: 'stranger', online: true })).toEqual({ kind: 'ring' });
    expect(vulnerablePolicy.inviteAnswer({ standing: 'stranger', online: false })).toEqual({
      kind: 'refuse',
      code: 'callee_offline',
    });
    expect(vulnerablePolicy.inviteAnswer({ standing: 'missing', online: false })).toEqual({
      kind: 'refuse',
      code: 'user_not_found',
    });
    expect(vulnerablePolicy.callRoute('stranger')).toBe('direct');
    expect(vulnerablePolicy.candidatesIn({ state: 'inviting', route: 'direct' })).toBe('forward');
  });

  it('L4: login, contact requests and the contact list tell a missing user from a real one, unlimited', async () => {
    let checked = false;
    expect(await vulnerablePolicy.loginToMissingAccount(async () => void (checked = true))).toBe(
      'unknown_user',
    );
    expect(checked).toBe(false);
    expect(vulnerablePolicy.contactRequestToMissing()).toBe('user_not_found');
    expect(vulnerablePolicy.removeMissingContact()).toBe('contact_not_found');
    expect(vulnerablePolicy.listsContact('outgoing')).toBe(true);
    expect(vulnerablePolicy.rateLimitFor('lookup')).toBeNull();
  });

  it('L5: keeps every address, after going offline and in the history, erases nothing at start, redacts no log field', async () => {
    const whereabouts = { endpoint: bobAtHome.endpoint, localAddresses: bobAtHome.localAddresses };
    expect(vulnerablePolicy.keptAfterOffline(whereabouts)).toEqual(whereabouts);
    const sighting = {
      accountId: 2,
      address: '127.51.100.23',
      port: 50123,
      localAddresses: ['192.168.77.20'],
      seenAt: bobAtHome.lastSeenAt!,
    };
    expect(vulnerablePolicy.historyEntry(sighting)).toEqual(sighting);
    const erased: string[] = [];
    await vulnerablePolicy.atStart({
      overwriteDeletedContent: async () => void erased.push('overwrite'),
      eraseLastSeenAddresses: async () => void erased.push('last seen'),
      eraseAddressHistory: async () => void erased.push('history'),
    });
    expect(erased).toEqual([]); // M6's spec shows the same callbacks erasing
    expect(vulnerablePolicy.logRedactions).toEqual([]);
  });
});
