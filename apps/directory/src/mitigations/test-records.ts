import type { PresenceRecord } from '../policy/directory-policy';

/** A presence record as the directory holds it for an online user, for the mitigation specs. */
export const bobAtHome: PresenceRecord = {
  username: 'bob',
  displayName: 'Bob',
  online: true,
  lastSeenAt: '2026-11-28T08:00:00.000Z',
  endpoint: { address: '127.51.100.23', port: 50123 },
  localAddresses: ['192.168.77.20'],
};
