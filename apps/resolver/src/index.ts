// The resolver's attacks and the defence matrix, for the tests.
export * from './attacks';
export * from './matrix/expected-matrix';
export * from './matrix/matrix';
export * from './matrix/render-markdown';
// The commands, so the tests run them as a participant does (output on stdout).
export * from './cache/attacker-cache';
export * from './commands/chain.command';
export * from './commands/find-email.command';
export * from './commands/probe-call.command';
export * from './commands/resolve.command';
export * from './commands/reverse.command';
export * from './commands/track.command';
export * from './commands/watch.command';
export * from './matrix/desk-matrix';
export * from './matrix/expected-profiles';
export * from './matrix/profile-matrix';
export * from './matrix/render-profiles';
