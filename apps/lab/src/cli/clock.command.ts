import { Command } from 'nest-commander';
import { Output } from '@lab/cli-kit';
import { ClockState } from '@lab/protocol';
import { checkBanner } from '@lab/sandbox';
import { labUrlFromEnv } from '../config/lab.config';
import { LabApiCommand, LabApiOptions } from './lab-api-command';

/** What each action sends to `POST /clock`. */
const ACTIONS: Record<string, (value?: string) => object> = {
  pause: () => ({ paused: true }),
  resume: () => ({ paused: false }),
  speed: (value) => ({ speed: Number(value) }),
  jump: (value) => ({ jumpTo: value }),
};

@Command({
  name: 'clock',
  arguments: '[action] [value]',
  description:
    'show the lab clock, or change it: pause | resume | speed <lab seconds per real second> | jump <07:40 | "day 2 07:40">',
})
export class ClockCommand extends LabApiCommand {
  async run([action, value]: string[], options: LabApiOptions): Promise<void> {
    const lab = options.lab ?? labUrlFromEnv();
    const output = new Output(options.json ?? false);
    await checkBanner(new URL(lab), 'lab'); // the sandbox guard, before asking it anything
    let state: ClockState;
    if (action === undefined) {
      state = await call(`${lab}/clock`);
    } else {
      const body = ACTIONS[action];
      if (!body)
        throw new Error(`"${action}" is not a clock action: pause, resume, speed <n> or jump <time>`);
      if ((action === 'speed' || action === 'jump') && value === undefined) {
        throw new Error(
          `clock ${action} needs a value, e.g. ${action === 'speed' ? 'clock speed 3600' : 'clock jump 07:40'}`,
        );
      }
      state = await call(`${lab}/clock`, body(value));
    }
    const { segments: _history, ...now } = state;
    output.record(
      now,
      action === undefined ? undefined : `clock ${[action, value].filter(Boolean).join(' ')}: done`,
    );
  }
}

async function call(url: string, body?: object): Promise<ClockState> {
  const response = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await response.json()) as ClockState & { message?: string; code?: string };
  if (!response.ok)
    throw new Error(`the lab refused: ${answer.message ?? response.statusText} (${answer.code})`);
  return answer;
}
