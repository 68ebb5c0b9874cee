export * from './client-logger';
export * from './directory-client';
export * from './directory-error';
export * from './media';
export * from './presence-socket';
