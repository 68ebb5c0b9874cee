import { IncomingHttpHeaders, request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Sent as given, not normalised: a doubled slash or a bad percent-escape reaches the server. */
  path: string;
  /** Exactly the headers given, and Node's own (Host, Connection; Content-Length for a whole body). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The body goes out in 1 KiB pieces without a Content-Length. */
  chunked?: boolean;
  /** The lab address the request comes from, as the server's log and the sandbox see it. */
  localAddress: string;
}

/**
 * An HTTP request with exactly the bytes and headers given, where DirectoryClient would send JSON
 * and a URL would be normalised; 5 s for the answer.
 */
export function rawHttp(baseUrl: string, given: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const req = httpRequest(
      {
        hostname,
        port,
        path: given.path,
        method: given.method,
        headers: { ...(given.chunked ? { 'transfer-encoding': 'chunked' } : {}), ...given.headers },
        localAddress: given.localAddress,
        agent: false,
        timeout: 5000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${given.method} ${given.path}: no answer within 5 s`)));
    req.on('error', reject);
    if (given.chunked && given.body !== undefined) {
      const body = Buffer.from(given.body);
      for (let at = 0; at < body.length; at += 1024) req.write(body.subarray(at, at + 1024));
      req.end();
    } else {
      req.end(given.body);
    }
  });
}
