import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ContactListView, ContactRequestAccepted } from '@lab/protocol';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { DomainErrors } from '../common/domain-error';
import { DIRECTORY_POLICY } from '../directory.tokens';
import { ContactsRepository } from '../persistence/repositories';
import type { DirectoryPolicy, Relation } from '../policy/directory-policy';
import { PresenceService } from '../presence/presence.service';

/** Contact requests and mutual contacts: what the fixed directory's consent checks rest on. */
@Injectable()
export class ContactsService implements OnModuleInit {
  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly contacts: ContactsRepository,
    private readonly accounts: AccountsService,
    private readonly presence: PresenceService,
  ) {}

  onModuleInit() {
    // Presence asks, at every delivery, whether a subscriber may still see the user (M2).
    this.presence.setVisibility(async (subscriberId, targetId) =>
      this.policy.presenceVisibleTo(await this.relation(subscriberId, targetId)),
    );
  }

  async relation(viewerId: number, targetId: number): Promise<Relation> {
    if (viewerId === targetId) return 'self';
    const row = await this.contacts.between(viewerId, targetId);
    return row?.state === 'accepted' ? 'contact' : 'stranger';
  }

  async request(viewer: AuthenticatedAccount, username: string): Promise<ContactRequestAccepted> {
    const target = await this.accounts.findByUsername(username);
    if (!target) {
      // L4 in the vulnerable directory: a request to a missing user fails, one to a real user succeeds.
      if (this.policy.uniformAnswers) return { status: 'sent' };
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
    // M5: withdrawing a request to a missing user must look like withdrawing a real one.
    if ((!other || !removable) && this.policy.uniformAnswers && !(row?.state === 'accepted')) return;
    if (!other || !removable) {
      throw DomainErrors.contactNotFound(username);
    }
    await this.contacts.delete(viewer.id, other.id);
  }

  async list(viewer: AuthenticatedAccount): Promise<ContactListView> {
    // M5: a request to a missing user is "sent" too, so listing the real ones would tell them
    // apart; outgoing requests stay unlisted until accepted.
    const rows = (await this.contacts.listFor(viewer.id)).filter(
      (row) => !(this.policy.uniformAnswers && row.state === 'pending' && row.requesterId === viewer.id),
    );
    const contacts = await Promise.all(
      rows.map(async (row) => {
        const otherId = row.requesterId === viewer.id ? row.addresseeId : row.requesterId;
        const other = await this.accounts.findById(otherId);
        const state =
          row.state === 'accepted' ? 'accepted' : row.requesterId === viewer.id ? 'outgoing' : 'incoming';
        return { username: other?.username ?? '(deleted)', state, since: row.updatedAt } as const;
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
