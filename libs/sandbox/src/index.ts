export * from './ipv4';
export * from './kernel-routes';
export * from './lab-addresses';
export * from './route-check';
export * from './sandbox-guard';
export * from './config/sandbox-mode';
