/** Something the client showed its user: the victim's view. */
export interface SeenEvent {
  at: string;
  kind: 'ring' | 'missed-call' | 'call-answered' | 'call-rejected' | 'contact-request' | 'contact-accepted';
  from: string;
  callId?: string;
}
