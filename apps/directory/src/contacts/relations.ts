import { Injectable } from '@nestjs/common';
import { ContactsRepository } from '../persistence/repositories';
import type { Relation, Standing } from '../policy/directory-policy';

/** No account has this id (SQLite ids start at 1): asked about when a username names nobody. */
const NO_ACCOUNT_ID = 0;

/** How two accounts stand to each other, from the contacts table: what the policy's answers depend on. */
@Injectable()
export class Relations {
  constructor(private readonly contacts: ContactsRepository) {}

  /**
   * How the viewer stands to an account, or to a username that names none. The same query runs
   * either way, so a missing user costs the same work as an existing stranger (M2, M5).
   */
  async standing(viewerId: number, target: { id: number } | undefined): Promise<Standing> {
    const row = await this.contacts.between(viewerId, target?.id ?? NO_ACCOUNT_ID);
    if (!target) return 'missing';
    if (viewerId === target.id) return 'self';
    return row?.state === 'accepted' ? 'contact' : 'stranger';
  }

  async relation(viewerId: number, targetId: number): Promise<Relation> {
    if (viewerId === targetId) return 'self';
    const row = await this.contacts.between(viewerId, targetId);
    return row?.state === 'accepted' ? 'contact' : 'stranger';
  }
}
