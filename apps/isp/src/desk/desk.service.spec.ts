import { loadPlan } from '@lab/address-plan';
import { IspError } from '../common/isp-error';
import { deskPolicyFor } from './desk-variant';
import { DeskService } from './desk.service';
import { SubscriberInbox } from './subscriber-inbox';

const plan = loadPlan();
const AT = '2026-05-04T06:15:00Z';
const ALICE = { subscriber: 'Alice Ahlberg', street: '12 Lamplighter Lane', town: 'Lakeside' };

function desk(variant: 'vulnerable' | 'fixed') {
  const inbox = new SubscriberInbox();
  return { inbox, service: new DeskService(plan, deskPolicyFor(variant, plan), inbox) };
}

describe('DeskService', () => {
  it('vulnerable: facts the caller already has verify them, and the record is read out (P1)', () => {
    const { service, inbox } = desk('vulnerable');
    const call = service.open('northwind', { claim: 'subscriber', address: '198.51.100.10', at: AT });
    expect(service.turn('northwind', call.callId, { intent: 'details' }).disclosed).toBeNull();
    const verified = service.turn('northwind', call.callId, {
      intent: 'verify',
      address: '127.51.100.10',
      connectedAt: AT,
      city: 'lakeside',
    });
    expect(verified.state).toBe('verified');
    const details = service.turn('northwind', call.callId, { intent: 'details' });
    expect(details).toMatchObject({ disclosed: ALICE, failure: { id: 'P1' } });
    expect(inbox.for('alice')).toEqual([]);
  });

  it('vulnerable: a guess by street name alone, with or without the number, is confirmed (P2)', () => {
    const { service } = desk('vulnerable');
    const call = service.open('northwind', { claim: 'technician', address: '198.51.100.70', at: AT });
    const guess = (street: string) =>
      service.turn('northwind', call.callId, { intent: 'guess', street }).confirmed;
    expect([guess('Mill Road'), guess('3 mill road'), guess('Teapot Row')]).toEqual([true, true, false]);
  });

  it('fixed: facts send a code to the subscriber on file; only that code verifies, once', () => {
    const { service, inbox } = desk('fixed');
    const call = service.open('northwind', { claim: 'subscriber', address: '198.51.100.10', at: AT });
    expect(inbox.for('alice').map((n) => n.kind)).toEqual(['desk-inquiry']);
    const sent = service.turn('northwind', call.callId, {
      intent: 'verify',
      address: '198.51.100.10',
      city: 'Lakeside',
    });
    expect(sent).toMatchObject({ state: 'awaiting-code', disclosed: null, stoppedBy: { id: 'D1' } });
    const code = inbox.for('alice').at(-1)!.code!;
    expect(service.turn('northwind', call.callId, { intent: 'verify', code }).state).toBe('verified');
    expect(service.turn('northwind', call.callId, { intent: 'details' }).disclosed).toEqual(ALICE);
    // Another call cannot reuse the code.
    const second = service.open('northwind', { claim: 'subscriber', address: '198.51.100.10', at: AT });
    expect(service.turn('northwind', second.callId, { intent: 'verify', code }).state).toBe('open');
  });

  it('fixed: emergencies and claimed authority go to the lawful process (D2)', () => {
    const { service } = desk('fixed');
    for (const claim of ['police', 'family'] as const) {
      const call = service.open('northwind', { claim, address: '198.51.100.10', at: AT });
      const intent = claim === 'police' ? 'details' : 'emergency';
      expect(service.turn('northwind', call.callId, { intent })).toMatchObject({
        disclosed: null,
        stoppedBy: { id: 'D2' },
      });
    }
  });

  it("refuses a call about another ISP's line, naming the right one", () => {
    const { service } = desk('vulnerable');
    expect(() => service.open('bluepeak', { claim: 'police', address: '198.51.100.10', at: AT })).toThrow(
      IspError,
    );
  });
});
