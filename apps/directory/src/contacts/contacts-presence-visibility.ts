import { Inject, Injectable } from '@nestjs/common';
import { DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { PresenceVisibility } from '../presence/presence-visibility';
import { Relations } from './relations';

/** Presence visibility as the policy decides it from the two users' relation (M2 re-checks contacts). */
@Injectable()
export class ContactsPresenceVisibility extends PresenceVisibility {
  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly relations: Relations,
  ) {
    super();
  }

  async canSee(subscriberId: number, targetId: number): Promise<boolean> {
    return this.policy.presenceVisibleTo(await this.relations.relation(subscriberId, targetId));
  }
}
