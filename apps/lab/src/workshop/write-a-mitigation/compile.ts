import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import type * as TypeScript from 'typescript';
import type * as Swc from '@swc/core';
import { PROJECT_ROOT } from './code-root';

export type Compiled =
  { ok: true; file: string; notes: string[] } | { ok: false; summary: string; details: string[] };

/** A file name as a participant reads it: relative to the repository when it is inside it. */
export function shown(file: string): string {
  const inside = relative(PROJECT_ROOT, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/** The compilers are development dependencies: loaded when a check runs, with a clear message if absent. */
function load<T>(name: string): T | undefined {
  try {
    return createRequire(join(PROJECT_ROOT, 'package.json'))(name) as T;
  } catch {
    return undefined;
  }
}

/**
 * Source files other than the participant's, parsed once per lab process: the first check parses
 * the policy's types and everything they import (seconds), later checks reuse them (milliseconds).
 * A file that changed on disk since is parsed again.
 */
const parsed = new Map<string, { modified: number; source: TypeScript.SourceFile | undefined }>();
let previousProgram: TypeScript.Program | undefined;

/** Type-checks the participant's file against the lab's own types; returns its errors, formatted. */
function typeErrors(ts: typeof TypeScript, file: string): string[] {
  const config = ts.readConfigFile(join(PROJECT_ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const options: TypeScript.CompilerOptions = {
    ...ts.parseJsonConfigFileContent(config.config, ts.sys, PROJECT_ROOT).options,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, ...rest) => {
    if (name === file) return read(name, ...rest);
    const modified = ts.sys.getModifiedTime?.(name)?.getTime() ?? 0;
    const known = parsed.get(name);
    if (known && known.modified === modified) return known.source;
    const source = read(name, ...rest);
    parsed.set(name, { modified, source });
    return source;
  };
  const program = ts.createProgram([file], options, host, previousProgram);
  previousProgram = program;
  const source = program.getSourceFile(file);
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${shown(d.file.fileName)}:${line + 1}:${character + 1} error TS${d.code}: ${text}`;
    });
}

const stripColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

/**
 * Builds the participant's policy as `nest build` builds the lab (swc, the project's .swcrc), after
 * checking its types as the editor does (TypeScript, the project's tsconfig.json). The output, with
 * its source map inline so errors point at the participant's lines, goes under `outDir`.
 */
export function compileWrittenPolicy(file: string, outDir: string): Compiled {
  if (!existsSync(file))
    return {
      ok: false,
      summary: `there is no file at ${shown(file)}`,
      details: ['copy the scaffold first: workshop/scaffold/my-mitigation.ts is the one to edit'],
    };
  const swc = load<typeof Swc>('@swc/core');
  if (!swc)
    return {
      ok: false,
      summary: 'the check needs @swc/core, a development dependency of the lab, to build your file',
      details: ['install the development dependencies: npm ci'],
    };
  const notes: string[] = [];
  const ts = load<typeof TypeScript>('typescript');
  if (ts) {
    const errors = typeErrors(ts, file);
    if (errors.length)
      return {
        ok: false,
        summary: `your file does not compile (${errors.length} error${errors.length > 1 ? 's' : ''}): ${errors[0]}`,
        details: errors,
      };
  } else {
    notes.push('types were not checked: typescript (a development dependency) is not installed');
  }

  const swcrc = JSON.parse(readFileSync(join(PROJECT_ROOT, '.swcrc'), 'utf8')) as Swc.Options & {
    $schema?: string;
  };
  delete swcrc.$schema;
  let code: string;
  try {
    ({ code } = swc.transformSync(readFileSync(file, 'utf8'), {
      ...swcrc,
      swcrc: false,
      configFile: false,
      filename: file,
      sourceFileName: file,
      sourceMaps: 'inline',
    }));
  } catch (error) {
    const lines = stripColours(String((error as Error).message ?? error))
      .split('\n')
      .filter((line) => line.trim());
    return { ok: false, summary: `your file does not compile: ${lines[0]?.trim()}`, details: lines };
  }
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${basename(file, extname(file))}.js`);
  writeFileSync(out, code);
  return { ok: true, file: out, notes };
}
