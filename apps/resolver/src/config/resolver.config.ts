import { parsePort } from '@lab/http-kit';

/**
 * Where the resolver looks for the lab by default: the ports `npm start` uses, or the ones the
 * same LAB_* variables moved it to (so one `export LAB_PORT=…` moves both).
 */
export function labEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const url = (variable: string, fallback: number) =>
    `http://127.0.0.1:${parsePort(env[variable], fallback, variable)}`;
  return {
    target: url('LAB_VULNERABLE_PORT', 7001),
    lab: url('LAB_PORT', 7000),
    registry: url('LAB_ISP_PORT', 7003),
  };
}

/**
 * The defaults `--help` shows: where the resolver will look, with the variable that moves each.
 * Read when the commands are defined; a bad LAB_* value is reported when a command runs instead.
 */
export function helpDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  let endpoints: ReturnType<typeof labEndpointsFromEnv>;
  try {
    endpoints = labEndpointsFromEnv(env);
  } catch {
    endpoints = labEndpointsFromEnv({});
  }
  return {
    target: `${endpoints.target}, LAB_VULNERABLE_PORT moves it`,
    registry: `${endpoints.registry}, LAB_ISP_PORT moves it`,
    lab: `${endpoints.lab}, LAB_PORT moves it`,
  };
}
