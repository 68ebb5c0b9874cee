import type { LabErrorBody } from './types';

/** An API error, carrying the lab's own message: it says what went wrong and what to do next. */
export class LabApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

function isLabError(body: unknown): body is LabErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as LabErrorBody).message === 'string';
}

/** Same-origin JSON calls to the lab. The header tells the workshop a solution came from the console. */
export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-lab-client': 'console' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new LabApiError(
      'The lab does not answer. Is it still running? Start it with npm start, then reload this page.',
      0,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (isLabError(body)) throw new LabApiError(body.message, response.status, body.code);
    throw new LabApiError(
      `The lab answered ${response.status} to ${path} without its error message: see the lab's log.`,
      response.status,
    );
  }
  return body as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
