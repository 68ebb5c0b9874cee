export * from './output';
export * from './run-cli';
