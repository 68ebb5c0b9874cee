export * from './ipv4';
export * from './lab-addresses';
export * from './sandbox-guard';
