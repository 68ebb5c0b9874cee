export * from './banner';
export * from './clock';
export * from './error-codes';
export * from './limits';
export * from './relay';
export * from './rest';
export * from './ws';
