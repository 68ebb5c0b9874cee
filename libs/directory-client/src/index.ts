export * from './client-logger';
export * from './directory-client';
export * from './directory-error';
export * from './presence-socket';
