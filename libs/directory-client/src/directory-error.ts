import type { ErrorBody } from '@lab/protocol';

/** An HTTP error answer of the directory, with its code. */
export class DirectoryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: ErrorBody,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

/** An `error` frame the directory sent on the WebSocket. */
export class DirectorySocketError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly event?: string,
  ) {
    super(message);
    this.name = 'DirectorySocketError';
  }
}
