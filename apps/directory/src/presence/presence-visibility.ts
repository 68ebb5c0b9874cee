/**
 * Whether a subscriber may (still) see a user's presence, asked at every delivery. A port: presence
 * knows nothing of contacts or policies; the directory module binds the one that asks them
 * (`contacts/contacts-presence-visibility.ts`).
 */
export abstract class PresenceVisibility {
  abstract canSee(subscriberId: number, targetId: number): Promise<boolean>;
}

/** Nobody sees anybody: what presence falls back to when no visibility is bound, so a wiring mistake hides rather than leaks. */
export class ClosedPresenceVisibility extends PresenceVisibility {
  async canSee(): Promise<boolean> {
    return false;
  }
}
