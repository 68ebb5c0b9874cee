import { Inject, Injectable } from '@nestjs/common';
import type { ProfileView } from '@lab/protocol';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { DomainErrors } from '../common/domain-error';
import { Relations } from '../contacts/relations';
import { DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { PresenceService } from '../presence/presence.service';

@Injectable()
export class ProfilesService {
  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly accounts: AccountsService,
    private readonly relations: Relations,
    private readonly presence: PresenceService,
  ) {}

  /** L1: the profile lookup. What the viewer gets is entirely the policy's decision. */
  async lookup(viewer: AuthenticatedAccount, username: string): Promise<ProfileView> {
    const target = await this.accounts.findByUsername(username);
    if (!target) throw DomainErrors.userNotFound(username);
    const relation = await this.relations.relation(viewer.id, target.id);
    const view = this.policy.profileFor(await this.presence.record(target), relation);
    // M2: a stranger gets byte for byte what a missing user gets.
    if (!view) throw DomainErrors.userNotFound(username);
    return view;
  }
}
