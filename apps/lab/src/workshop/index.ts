// The workshop engine, for the lab's API, its command line and the tests.
export * from './exercise.schema';
export * from './load-exercises';
export * from './instance-seed';
export * from './progress-file';
export * from './progress.store';
export * from './workshop.service';
export * from './workshop.controller';
export { RING_WINDOW_MS } from './checks/event-checks';
