import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Controller, Get, Inject, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ConsoleError, ConsoleErrorCode } from '../console-errors';

/** The lab's code: the repository (running from sources, as the tests do) or dist/ (the build). */
const CODE_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** Where `npm run build` writes the console: dist/console/, beside the built server. */
export function defaultConsoleDir(): string {
  return basename(CODE_ROOT) === 'dist' ? join(CODE_ROOT, 'console') : join(CODE_ROOT, 'dist', 'console');
}

/**
 * The built console's files at `/` (index.html, app.js, app.css…), read at each request, so a
 * build made while the lab runs is served at the next reload. Only files that exist are served:
 * any other path falls through to the API, whose unknown routes keep their JSON 404. No
 * single-page fallback is needed, the console routes with the URL's hash.
 */
export function consoleStaticModule(consoleDir: string) {
  return ServeStaticModule.forRoot({
    rootPath: consoleDir,
    // The module also answers its render path with index.html, or with its own 404 body when the
    // file is missing; excluded, so a missing console gets the lab's answer below instead.
    renderPath: '/index.html',
    exclude: /^\/index\.html$/,
    serveStaticOptions: { index: false, redirect: false, fallthrough: true, dotfiles: 'ignore' },
  });
}

export const CONSOLE_DIR = Symbol('CONSOLE_DIR');

/**
 * `GET /`: the console's index.html. Nest's routes come before the static files (they are
 * registered first), so this route serves the page itself, and says what to do when the console
 * has not been built (a lab started without `npm run build`).
 */
@ApiTags('console')
@Controller()
export class ConsoleHomeController {
  constructor(@Inject(CONSOLE_DIR) private readonly consoleDir: string) {}

  @Get()
  @ApiOkResponse({ description: 'The web console (dist/console/index.html), once built.' })
  @ApiNotFoundResponse({ description: 'console_not_built: the console is not built; run npm run build.' })
  home() {
    const index = join(this.consoleDir, 'index.html');
    if (existsSync(index))
      return new StreamableFile(createReadStream(index), { type: 'text/html; charset=utf-8' });
    throw new ConsoleError(
      404,
      ConsoleErrorCode.ConsoleNotBuilt,
      'The console is not built: run npm run build (it writes dist/console/), then reload this page. The API is described at /docs.',
    );
  }
}
