/**
 * What the ISPs send their subscribers: the fixed desk's notices of every inquiry, and its
 * one-time codes (the out-of-band channel). The lab API shows them in the victim's view; a test
 * reads a code here as the real subscriber would on their phone.
 */
export interface SubscriberNotice {
  at: string;
  ispId: string;
  isp: string;
  kind: 'desk-inquiry' | 'one-time-code';
  text: string;
  /** The one-time code, for a `one-time-code` notice. */
  code?: string;
}

/** The most notices kept per subscriber: older ones are dropped first. */
export const MAX_NOTICES_PER_SUBSCRIBER = 100;

export class SubscriberInbox {
  private readonly byUsername = new Map<string, SubscriberNotice[]>();

  send(username: string, notice: SubscriberNotice) {
    const notices = this.byUsername.get(username) ?? [];
    notices.push(notice);
    if (notices.length > MAX_NOTICES_PER_SUBSCRIBER) notices.shift();
    this.byUsername.set(username, notices);
  }

  /** The notices a persona's user received, oldest first. */
  for(username: string): readonly SubscriberNotice[] {
    return this.byUsername.get(username) ?? [];
  }
}
