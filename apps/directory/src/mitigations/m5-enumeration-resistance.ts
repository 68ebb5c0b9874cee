import type { RateLimit } from '../policy/directory-policy';
import type { Mitigation } from './mitigation';

/**
 * M5 — Enumeration resistance. Stops L4 and mass resolving.
 *
 * Uniform answers: a login for a missing user spends the same password-hashing time and gets the
 * same 401 as a wrong password; a contact request to a missing user is "sent" like any other; a
 * call to a missing user is "unavailable" like a call to someone offline. Rate limits: each
 * account and each source address get a bounded number of lookups per window, after which they
 * receive 429 (HTTP) or `rate_limited` (WebSocket).
 * Precedent: without a dummy hash, login timing told users apart (~120–150 ms vs ~10–20 ms,
 * supabase/auth PR #2223 [@Supabase2223]).
 */
export const ENUMERATION_RATE_LIMIT: RateLimit = { perAccount: 30, perAddress: 60, windowMs: 60_000 };

export const M5_ENUMERATION_RESISTANCE: Mitigation = {
  id: 'M5',
  title: 'Enumeration resistance: uniform answers and timing, per-account and per-address rate limits',
  stops: ['L4'],
  precedent: 'dummy password hash against timing oracles (supabase/auth #2223) [@Supabase2223]',
  overrides: (previous) => ({
    // L4 — calling: a missing callee is refused exactly like an offline one.
    inviteAnswer: (callee) => {
      const answer = previous.inviteAnswer(callee);
      return answer.kind === 'refuse' ? { kind: 'refuse', code: 'callee_unavailable' } : answer;
    },
    // L4 — login: the same password check (against a dummy hash) and the same 401 as a wrong password.
    loginToMissingAccount: async (checkPassword) => {
      await checkPassword();
      return 'invalid_credentials';
    },
    // L4 — contacts: a request to a missing user is "sent" like any other; so withdrawing one
    // succeeds, and requests that went out stay unlisted until accepted (listing the real ones
    // would tell them apart).
    contactRequestToMissing: () => 'sent',
    removeMissingContact: () => 'removed',
    listsContact: (state) => state !== 'outgoing' && previous.listsContact(state),
    // L4 — the same budget for every lookup and sign-in, kept by the rate-limit guard.
    rateLimitFor: () => ENUMERATION_RATE_LIMIT,
  }),
};
