import { Inject, Injectable } from '@nestjs/common';
import { ContactListView, ContactRequestAccepted } from '@lab/protocol';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { DomainErrors } from '../common/domain-error';
import { DIRECTORY_POLICY } from '../directory.tokens';
import { ContactRow, ContactsRepository } from '../persistence/repositories';
import type { ContactListState, DirectoryPolicy } from '../policy/directory-policy';
import { PresenceService } from '../presence/presence.service';

/** Contact requests and mutual contacts: what the fixed directory's consent checks rest on. */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly contacts: ContactsRepository,
    private readonly accounts: AccountsService,
    private readonly presence: PresenceService,
  ) {}

  async request(viewer: AuthenticatedAccount, username: string): Promise<ContactRequestAccepted> {
    const target = await this.accounts.findByUsername(username);
    if (!target) {
      // L4 in the vulnerable directory: a request to a missing user fails, one to a real user succeeds.
      if (this.policy.contactRequestToMissing() === 'sent') return { status: 'sent' };
      throw DomainErrors.userNotFound(username);
    }
    if (target.id === viewer.id) {
      throw DomainErrors.cannotContactSelf();
    }
    const now = new Date().toISOString();
    const row = await this.contacts.between(viewer.id, target.id);
    if (row?.state === 'accepted') {
      throw DomainErrors.alreadyContacts(username);
    }
    if (row && row.requesterId === target.id) {
      // They asked us first: asking back is accepting.
      await this.contacts.accept(target.id, viewer.id, now);
      this.presence.send(target.id, { event: 'contact.accepted', data: { username: viewer.username } });
      return { status: 'sent' };
    }
    if (!row) {
      await this.contacts.createRequest(viewer.id, target.id, now);
      this.presence.send(target.id, { event: 'contact.request', data: { from: viewer.username } });
    }
    return { status: 'sent' };
  }

  async accept(viewer: AuthenticatedAccount, username: string): Promise<void> {
    const requester = await this.pendingFrom(viewer, username);
    await this.contacts.accept(requester.id, viewer.id, new Date().toISOString());
    this.presence.send(requester.id, { event: 'contact.accepted', data: { username: viewer.username } });
  }

  async decline(viewer: AuthenticatedAccount, username: string): Promise<void> {
    const requester = await this.pendingFrom(viewer, username);
    await this.contacts.delete(requester.id, viewer.id);
  }

  /** Removes a contact, or withdraws a request the viewer sent. */
  async remove(viewer: AuthenticatedAccount, username: string): Promise<void> {
    const other = await this.accounts.findByUsername(username);
    const row = other && (await this.contacts.between(viewer.id, other.id));
    const removable = row && (row.state === 'accepted' || row.requesterId === viewer.id);
    if (!other || !removable) {
      // Withdrawing a request to a missing user: the policy says whether that looks like a real one.
      if (this.policy.removeMissingContact() === 'removed') return;
      throw DomainErrors.contactNotFound(username);
    }
    await this.contacts.delete(viewer.id, other.id);
  }

  async list(viewer: AuthenticatedAccount): Promise<ContactListView> {
    const stateOf = (row: ContactRow): ContactListState =>
      row.state === 'accepted' ? 'accepted' : row.requesterId === viewer.id ? 'outgoing' : 'incoming';
    // Which entries are listed is the policy's decision (M5 keeps outgoing requests unlisted).
    const rows = (await this.contacts.listFor(viewer.id)).filter((row) =>
      this.policy.listsContact(stateOf(row)),
    );
    const contacts = await Promise.all(
      rows.map(async (row) => {
        const otherId = row.requesterId === viewer.id ? row.addresseeId : row.requesterId;
        const other = await this.accounts.findById(otherId);
        return { username: other?.username ?? '(deleted)', state: stateOf(row), since: row.updatedAt };
      }),
    );
    return { contacts };
  }

  private async pendingFrom(viewer: AuthenticatedAccount, username: string) {
    const requester = await this.accounts.findByUsername(username);
    const row = requester && (await this.contacts.between(viewer.id, requester.id));
    if (!requester || !row || row.state !== 'pending' || row.requesterId !== requester.id) {
      throw DomainErrors.contactRequestNotFound(username);
    }
    return requester;
  }
}
