/**
 * Imported first by main.ts, before Nest and the lab load: Node keeps the compiled code of every
 * module loaded after this (Nest's ES modules are most of the start-up's loading time) in its
 * on-disk compile cache, so the next `npm start` does not compile them again. The cache is keyed
 * by each file's content: an edited file is compiled afresh. It sits in the lab's own build
 * (dist/.compile-cache, beside the code it caches), not in the shared system temporary directory
 * where any other user of the machine could read or plant code cache for the lab.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

// Built, this file is dist/apps/lab/src/compile-cache.js: three folders up is dist/.
enableCompileCache(join(__dirname, '..', '..', '..', '.compile-cache'));
