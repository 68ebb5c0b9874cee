import { Inject, Injectable } from '@nestjs/common';
import type { EmailSearchResult } from '@lab/protocol';
import { DomainErrors } from '../common/domain-error';
import { Relations } from '../contacts/relations';
import { DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';
import type { AuthenticatedAccount } from './accounts.service';
import { AccountsService } from './accounts.service';

/**
 * The directory search by e-mail: the reverse lookup the resolver sites sold as "email2skype".
 * Who finds whom is the policy's decision (findableByEmail); the service only asks.
 */
@Injectable()
export class EmailSearchService {
  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly accounts: AccountsService,
    private readonly relations: Relations,
  ) {}

  async search(searcher: AuthenticatedAccount, email: string): Promise<EmailSearchResult> {
    const account = await this.accounts.findByEmail(email.trim());
    // The contact row is read whether or not an account matched: a hidden account and no match
    // cost the same queries (what M2 promises for lookups).
    const standing = await this.relations.standing(searcher.id, account);
    if (
      !account ||
      standing === 'missing' ||
      !this.policy.findableByEmail({ relation: standing, discoverable: account.discoverableByEmail === true })
    ) {
      throw DomainErrors.noAccountWithEmail();
    }
    return { username: account.username, displayName: account.displayName };
  }
}
