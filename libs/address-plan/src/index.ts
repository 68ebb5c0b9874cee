export * from './address-plan';
export * from './load-plan';
export * from './loopback-support';
export * from './population';
export * from './lease-log';
