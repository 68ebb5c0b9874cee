export * from './compose-world';
export * from './host-networks';
