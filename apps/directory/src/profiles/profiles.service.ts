import { Inject, Injectable } from '@nestjs/common';
import type { ProfileView } from '@lab/protocol';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { DomainErrors } from '../common/domain-error';
import { Relations } from '../contacts/relations';
import { DIRECTORY_POLICY } from '../directory.tokens';
import type { Account } from '../persistence/repositories';
import type { DirectoryPolicy, Relation } from '../policy/directory-policy';
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
    const { account, relation } = await this.visibleTarget(viewer, username);
    return this.policy.profileFor(await this.presence.record(account), relation);
  }

  /**
   * The user a lookup or a presence subscription names, if the policy lets the viewer see them;
   * otherwise the missing-user answer. The same queries run whether the account is missing or
   * hidden from this viewer (M2): the account, then the contact row — nothing about its presence
   * is read before the policy said yes.
   */
  async visibleTarget(
    viewer: AuthenticatedAccount,
    username: string,
  ): Promise<{ account: Account; relation: Relation }> {
    const account = await this.accounts.findByUsername(username);
    const standing = await this.relations.standing(viewer.id, account);
    if (!account || standing === 'missing' || !this.policy.presenceVisibleTo(standing))
      throw DomainErrors.userNotFound(username);
    return { account, relation: standing };
  }
}
