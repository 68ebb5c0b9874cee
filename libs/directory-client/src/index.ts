export * from './auto-answer-agent';
export * from './client-logger';
export * from './debug-log';
export * from './directory-client';
export * from './directory-error';
export * from './media';
export * from './presence-socket';
export * from './victim-view';
