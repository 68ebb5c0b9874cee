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
