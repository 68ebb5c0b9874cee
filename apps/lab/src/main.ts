// The compile cache and the vendor bundle first, before any package loads: see each file.
import './compile-cache';
import './vendor-bundle';
import 'reflect-metadata';
import { runMain, stopOnSignals } from '@lab/http-kit';
import { labOptionsFromEnv } from './config/lab.config';
import { dockerLabOptionsFromEnv, isDockerWorld } from './config/docker-lab.config';
import { startDockerLab } from './docker/start-docker-lab';
import { startLab } from './world/start-lab';

/** LAB_WORLD=docker: the lab API of the Compose world, fronting its containers (docker/README.md). */
async function mainInDocker() {
  const options = dockerLabOptionsFromEnv();
  const { app, url, lab } = await startDockerLab(options);
  stopOnSignals(() => app.close());
  if (options.warning) console.warn(`warning: ${options.warning}`);
  console.log(
    [
      `lastseen-lab API (Docker world) on ${url}: clock ${lab.clock.describe()}, ${lab.clock.speed}× real time`,
      `directories: ${options.directories.map((d) => `${d.id} ${d.url}`).join(', ')}`,
      'GET /status, /clock, /directories/{id}/seen/{username}; the containers are the parts.',
    ].join('\n'),
  );
}

/** `npm start`: the whole lab in one process, on loopback only. */
async function main() {
  const options = labOptionsFromEnv();
  const lab = await startLab(options);
  stopOnSignals(async () => {
    console.log('\nstopping the lab…');
    await lab.stop();
  });

  if (options.warning) console.warn(`warning: ${options.warning}`);
  if (lab.world.mode === 'fallback-single-address') {
    console.warn(
      [
        'warning: this machine routes only 127.0.0.1 to loopback (macOS does), so every persona shares one',
        'address and the directory records them all as "outside-lab": the leaks cannot show real addresses.',
        'Add the lab addresses as aliases (e.g. `sudo ifconfig lo0 alias 127.51.100.10`, one per network in',
        'libs/address-plan/src/plan/lab-plan.yaml) or run the lab on Linux or in Docker.',
      ].join('\n'),
    );
  }
  const rows = lab.parts.map((p) => [p.part, p.url, p.notes]);
  const header = ['part', 'url', 'notes'];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(
    [
      '',
      `lastseen-lab is running (ready in ${lab.readyInMs} ms; addressing: ${lab.world.mode}; data in ${options.dataDir}/)`,
      '',
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `Lawful-request token for the ISPs' lease logs: ${options.lawfulRequestToken}`,
      lab.workshop.exercises.length
        ? `Workshop: ${lab.workshop.exercises.length} exercises (this lab's draw: ${lab.workshop.instance.fingerprint}) — npm run lab -- exercise list; workshop/README.md`
        : 'Workshop: no exercises in this build (no workshop/exercises folder beside it); run the lab from the repository for them.',
      `Console: open ${lab.server.url}/ in a browser (the exercises, the attacker's and the victim's views, the matrix).`,
      `Try: curl -s ${lab.server.url}/status   ·   API docs at /docs on each port   ·   Ctrl-C stops the lab.`,
      '',
    ].join('\n'),
  );
  // For scripts/build-and-run.js: work it put off until the lab is ready (the packages' bundle).
  (process as NodeJS.EventEmitter).emit('lastseen-lab:ready');
}

runMain(
  isDockerWorld() ? mainInDocker : main,
  'choose other ports with LAB_PORT, LAB_VULNERABLE_PORT, LAB_FIXED_PORT, LAB_ISP_PORT, LAB_RELAY_PORT, LAB_ISP_FIXED_PORT',
);
