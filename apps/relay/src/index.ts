// The relay as a library, for the lab orchestrator and the tests.
export { startRelay } from './bootstrap';
export type { RunningRelay } from './bootstrap';
export * from './config/relay.config';
