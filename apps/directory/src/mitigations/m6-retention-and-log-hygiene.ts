import type { Mitigation } from './mitigation';

/**
 * M6 — Retention and log hygiene. Stops L5.
 *
 * No address history is kept; the last-seen address lives in memory only while the user is
 * online and is forgotten when they go offline, so nothing survives logout or a restart; every
 * log field that can hold an address is censored. What is not stored cannot be breached,
 * subpoenaed or sold. Precedent: dynamic IP addresses are personal data when the operator has
 * legal means to identify the person through the ISP (CJEU C-582/14, Breyer [@Breyer2016]; GDPR
 * Recital 30 [@GDPR2016]); resolver sites served cached results ("Latest IP Address … Cached
 * Result" [@SkypeResolverSites]) — for how long, no source says.
 */
export const ADDRESS_LOG_PATHS: readonly string[] = [
  'req.remoteAddress',
  'req.remotePort',
  'publicAddress',
  'port',
  'localAddresses',
  'candidates',
];

export const M6_RETENTION_AND_LOG_HYGIENE: Mitigation = {
  id: 'M6',
  title: 'Retention and log hygiene: no address history, nothing after logout, addresses redacted from logs',
  stops: ['L5'],
  precedent:
    'CJEU C-582/14 (Breyer): IP addresses are personal data when the operator can identify the person [@Breyer2016]',
  overrides: (previous) => ({
    // L5 — nothing of where a user was survives their going offline: not in memory, not on disk.
    keptAfterOffline: () => ({ endpoint: null, localAddresses: [] }),
    // L5 — no address history at all.
    historyEntry: () => null,
    // L5 — what an earlier run left on disk is erased at start, and overwritten in the file.
    atStart: async (stored) => {
      await previous.atStart(stored);
      await stored.overwriteDeletedContent();
      await stored.eraseLastSeenAddresses();
      await stored.eraseAddressHistory();
    },
    // L5 — every log field that can hold an address is censored.
    logRedactions: [...previous.logRedactions, ...ADDRESS_LOG_PATHS],
  }),
};
