import { LeaseLog, loadPlan } from '@lab/address-plan';
import { DeskVariant, RunningIsp, SubscriberInbox, startIsp } from '@lab/isp';
import { LAB_VERSION } from '@lab/protocol';
import { LogCollector } from './lab-harness';

export const LAWFUL_TOKEN = 'test-lawful-request-token';

export interface TestIsp extends RunningIsp {
  inbox: SubscriberInbox;
  logs: LogCollector;
}

/** An ISP registry with the chosen support desk, on a free loopback port. */
export async function startTestIsp(desk: DeskVariant): Promise<TestIsp> {
  const inbox = new SubscriberInbox();
  const logs = new LogCollector();
  const isp = await startIsp({
    host: '127.0.0.1',
    port: 0,
    plan: loadPlan(),
    leases: new LeaseLog(),
    lawfulRequestToken: LAWFUL_TOKEN,
    desk,
    inbox,
    logLevel: 'info',
    logDestination: logs,
    version: LAB_VERSION,
  });
  return { ...isp, inbox, logs };
}

/** Alice's home line at a moment she was seen there: what the resolve step leaked. */
export const ALICE_LINE = { ispId: 'northwind', address: '198.51.100.10', at: '2026-05-04T06:15:00Z' };
export const ALICE_HOUSEHOLD = {
  subscriber: 'Alice Ahlberg',
  street: '12 Lamplighter Lane',
  town: 'Lakeside',
};
/** The streets of Lakeside and Old Mill, as any map lists them: the guesser's word list. */
export const STREETS = ['Mill Road', 'Puffin Parade', 'Teapot Row', 'Lamplighter Lane', 'Nowhere Close'];
