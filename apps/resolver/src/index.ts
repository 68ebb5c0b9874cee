// The resolver's attacks and the defence matrix, for the tests.
export * from './attacks';
export * from './matrix/expected-matrix';
export * from './matrix/matrix';
export * from './matrix/render-markdown';
