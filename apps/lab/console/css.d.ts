// Style sheets are bundled by esbuild (scripts/build-console.js); TypeScript only needs to know they exist.
declare module '*.css';
