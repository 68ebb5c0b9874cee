export * from './api-error';
export * from './config';
export * from './credentials';
export * from './http-exception.filter';
export * from './lab-app';
export * from './run-main';
export * from './validation';
