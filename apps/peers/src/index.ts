export * from './lab-clock';
export * from './persona-agent';
export * from './population';
