export * from './lab-clock';
export * from './persona-agent';
export * from './population';
export * from './config/peers.config';
export * from './shared-clock';
