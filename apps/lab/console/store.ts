import type { AttackResult } from './types';

// What this page has run, kept across navigations: the attacker's last result, and for the victim's
// view what the attacker received about each persona.
export const attacks: { last?: AttackResult; byTarget: Map<string, AttackResult> } = { byTarget: new Map() };

export function remember(result: AttackResult): void {
  attacks.last = result;
  for (const username of new Set([result.target, ...result.leaked.map((l) => l.username)])) {
    if (username) attacks.byTarget.set(`${result.directory}/${username}`, result);
  }
}
