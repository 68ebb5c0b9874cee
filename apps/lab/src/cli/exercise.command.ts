import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'nest-commander';
import { Output } from '@lab/cli-kit';
import { checkBanner } from '@lab/sandbox';
import { labOptionsFromEnv, labUrlFromEnv } from '../config/lab.config';
import { FACILITATOR_KEY_FILE } from '../workshop/workshop.service';
import { LabApiCommand, LabApiOptions } from './lab-api-command';

interface ExerciseOptions extends LabApiOptions {
  facilitator?: boolean;
}

const USAGE =
  'list | show <id> | hint <id> | check <id> [answer…] | reset [id] | export <file> | import <file> | answers --facilitator';

/** An answer the lab refused: its own sentence, which says what to do next. */
export class LabRefusal extends Error {}

@Command({
  name: 'exercise',
  arguments: '<action> [args...]',
  description: `the workshop's exercises: ${USAGE}`,
})
export class ExerciseCommand extends LabApiCommand {
  async run([action, ...args]: string[], options: ExerciseOptions): Promise<void> {
    const lab = options.lab ?? labUrlFromEnv();
    const output = new Output(options.json ?? false);
    await checkBanner(new URL(lab), 'lab'); // the sandbox guard, before asking it anything
    const api = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(`${lab}/workshop${path}`, body, headers);
    const id = () => {
      if (!args[0]) throw new Error(`exercise ${action} needs an exercise id (exercise list shows them)`);
      return encodeURIComponent(args[0]);
    };
    switch (action) {
      case 'list': {
        const { exercises } = (await api('/exercises')) as { exercises: object[] };
        output.rows(['order', 'id', 'title', 'difficulty', 'minutes', 'status', 'hints'], exercises);
        return;
      }
      case 'show':
        return printExercise(output, (await api(`/exercises/${id()}`)) as ExerciseView);
      case 'hint': {
        const hint = (await api(`/exercises/${id()}/hints`, {})) as {
          hint: string;
          number: number;
          hintsRemaining: number;
        };
        if (output.json) return output.line(JSON.stringify(hint));
        output.line(`hint ${hint.number}: ${hint.hint}`);
        output.line(hint.hintsRemaining ? `(${hint.hintsRemaining} more)` : '(that was the last hint)');
        return;
      }
      case 'check': {
        const verdict = (await api(`/exercises/${id()}/check`, { answer: args.slice(1).join(' ') })) as {
          solved: boolean;
          feedback: string;
          evidence: string[];
        };
        if (output.json) return output.line(JSON.stringify(verdict));
        output.line(verdict.solved ? `solved: ${verdict.feedback}` : `not solved yet: ${verdict.feedback}`);
        for (const line of verdict.evidence) output.line(`  · ${line}`);
        return;
      }
      case 'reset': {
        const done = (await api(args[0] ? `/exercises/${id()}/reset` : '/reset', {})) as { reset: string[] };
        output.record(
          done,
          `reset: ${done.reset.length === 1 ? done.reset[0] : 'every exercise'} (the history is kept)`,
        );
        return;
      }
      case 'export': {
        if (!args[0])
          throw new Error('exercise export needs a file name, e.g. exercise export my-progress.json');
        const file = await api('/progress');
        writeFileSync(args[0], `${JSON.stringify(file, null, 2)}\n`);
        output.record({ file: args[0] }, 'progress exported');
        return;
      }
      case 'import': {
        if (!args[0]) throw new Error('exercise import needs a file, e.g. exercise import my-progress.json');
        let data: unknown;
        try {
          data = JSON.parse(readFileSync(args[0], 'utf8'));
        } catch (error) {
          throw new Error(`cannot read ${args[0]} as JSON: ${(error as Error).message}`, { cause: error });
        }
        output.record((await api('/progress', data)) as object, 'progress imported');
        return;
      }
      case 'answers': {
        if (!options.facilitator)
          throw new Error('the expected answers are for the facilitator: exercise answers --facilitator');
        const keyFile = join(labOptionsFromEnv().dataDir, FACILITATOR_KEY_FILE);
        let key: string;
        try {
          key = readFileSync(keyFile, 'utf8').trim();
        } catch {
          throw new Error(
            `no facilitator key at ${keyFile}: run this where the lab keeps its data (LAB_DATA_DIR)`,
          );
        }
        const { answers } = (await api('/facilitator/answers', undefined, { 'x-facilitator-key': key })) as {
          answers: object[];
        };
        output.rows(['order', 'id', 'expected', 'solved', 'hints'], answers);
        return;
      }
      default:
        throw new Error(`"${action}" is not an exercise action: ${USAGE}`);
    }
  }

  @Option({
    flags: '--facilitator',
    description: "answers: read the facilitator key from the lab's data folder",
  })
  parseFacilitator() {
    return true;
  }
}

interface ExerciseView {
  order: number;
  id: string;
  title: string;
  difficulty: number;
  estimatedMinutes: number;
  goal: string;
  background: string;
  steps: string[];
  waiting?: string;
  check: { description: string; answer: string | null; command: string };
  hints: string[];
  hintsRemaining: number;
  links: Record<string, string[]>;
  solved: boolean;
}

function printExercise(output: Output, e: ExerciseView) {
  if (output.json) return output.line(JSON.stringify(e));
  const lines = [
    `${e.order}. ${e.title}  (${e.id} · difficulty ${e.difficulty}/5 · about ${e.estimatedMinutes} min · ${e.solved ? 'solved' : 'not solved yet'})`,
    '',
    `Goal: ${e.goal}`,
    '',
    e.background.trim(),
    '(The sources in brackets are entries of docs/references.md.)',
    '',
    'Steps:',
    ...e.steps.map((s, i) => `  ${i + 1}. ${s}`),
    ...(e.waiting ? ['', `Not ready yet: ${e.waiting}`] : []),
    '',
    `Check: ${e.check.description}`,
    `  ${e.check.command}${e.check.answer ? `   (answer: ${e.check.answer})` : ''}`,
    '',
    ...e.hints.map((h, i) => `Hint ${i + 1}: ${h}`),
    e.hintsRemaining
      ? `${e.hintsRemaining} hint(s) left: npm run lab -- exercise hint ${e.id}`
      : 'No hints left.',
    '',
    'Code and tests:',
    ...Object.entries(e.links).flatMap(([group, paths]) => paths.map((p) => `  ${group.padEnd(10)} ${p}`)),
  ];
  for (const line of lines) output.line(line);
}

async function call(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  // X-Lab-Client labels the console's "solved" event: solved from the command line.
  const sent = { 'x-lab-client': 'cli', ...headers };
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? sent : { 'content-type': 'application/json', ...sent },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as { message?: string; code?: string };
  if (!response.ok) throw new LabRefusal(`${answer.message ?? response.statusText} (${answer.code})`);
  return answer;
}
