import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConsoleErrorCode } from './console-errors';

/**
 * DNS rebinding: a page on evil.test whose name later resolves to 127.0.0.1 is same-origin with
 * itself, so its fetches and WebSockets reach the lab with Origin and Host both `evil.test:PORT`.
 * The Host header is the one thing it cannot forge, so the lab's HTTP API and its WebSocket answer
 * only the names the lab is really reached by: loopback, `localhost`, and the configured LAB_HOST.
 * When LAB_HOST is not loopback (LAB_ALLOW_NON_LOOPBACK=1, possibly 0.0.0.0), any IP literal is
 * also let in: a browser sends the address it was given, and a rebound name never arrives as one.
 */
export function labHostAllowed(hostHeader: string | undefined, port: number, bindHost: string): boolean {
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  // Browsers leave the port out when it is 80; URL does the same.
  if (Number(url.port || 80) !== port || url.username || url.password || url.pathname !== '/') return false;
  const name = url.hostname.toLowerCase();
  const bind = bindHost.toLowerCase();
  if (['127.0.0.1', 'localhost', '[::1]'].includes(name)) return true;
  if (name === bind || name === `[${bind}]`) return true;
  const loopbackBind =
    bind === '127.0.0.1' || bind === 'localhost' || bind === '::1' || bind.startsWith('127.');
  return !loopbackBind && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

/** The sentence of the refusal: where to open the console instead. */
export function hostRefusedMessage(hostHeader: string | undefined, port: number): string {
  return `This lab answers only on its own address, not on Host "${hostHeader ?? ''}" (a page on another name may be trying DNS rebinding). Open the console at http://127.0.0.1:${port}/.`;
}

/**
 * The browser hardening of every lab response. The console loads its script and styles from files,
 * so nothing inline is needed; Swagger UI at /docs has inline styles and a data: favicon, and gets
 * the same policy but with inline styles allowed.
 */
export const CONSOLE_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const DOCS_CSP = CONSOLE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Express middleware, before every route: the hardening headers, then the Host allowlist. */
export function labHostGuard(bindHost: string) {
  return (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader(
      'Content-Security-Policy',
      path === '/docs' || path.startsWith('/docs/') ? DOCS_CSP : CONSOLE_CSP,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const port = req.socket.localPort ?? 0;
    if (labHostAllowed(req.headers.host, port, bindHost)) return next();
    res.statusCode = 403;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        statusCode: 403,
        code: ConsoleErrorCode.HostNotAllowed,
        message: hostRefusedMessage(req.headers.host, port),
        requestId: req.id !== undefined ? String(req.id) : undefined,
      }),
    );
  };
}
