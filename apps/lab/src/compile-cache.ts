/**
 * Imported first by main.ts, before Nest and the lab load: Node keeps the compiled code of every
 * module loaded after this (Nest's ES modules are most of the start-up's loading time) in its
 * on-disk compile cache, so the next `npm start` does not compile them again. The cache sits in
 * the system's temporary directory, keyed by each file's content: an edited file is compiled afresh.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
