import type { Mitigation } from './mitigation';

/**
 * M3 — Consent-gated signalling. Stops L3, the inconspicuous call.
 *
 * The directory holds every address candidate of a call — the callee's and the caller's — until
 * the callee's *user* has accepted. A caller who hangs up before that learns nothing, whatever
 * the callee's client sent on its own. The held candidates are dropped when the call ends unanswered.
 * Precedent: Signal's logs once showed remote candidates arriving in `ConnectingBeforeAccepted`
 * [@SignalIOS5249]; Project Zero's "The State of State Machines" (2021) found messengers whose
 * media flowed before the callee answered [@ProjectZero2021].
 */
export const M3_CONSENT_GATED_SIGNALLING: Mitigation = {
  id: 'M3',
  title: "Consent-gated signalling: candidates flow only after the callee's user accepts",
  stops: ['L3'],
  precedent: 'Signal ConnectingBeforeAccepted [@SignalIOS5249]; Project Zero 2021 [@ProjectZero2021]',
  overrides: (previous) => ({
    // L3 — call set-up. Until the callee's user has accepted, every candidate either party sends
    // is held (the calls service releases the held ones at accept, and drops them if the call
    // ends unanswered); after that, whatever the policy did before.
    candidatesIn: (call) => (call.state === 'accepted' ? previous.candidatesIn(call) : 'hold'),
  }),
};
