/**
 * One benchmark server, in its own process, started by bench/support/processes.ts:
 *   bare          a bare Node HTTP server answering a fixed JSON body from memory (the ceiling)
 *   directory     the lab's directory (any mitigations; M4 brings its relay), in-memory SQLite
 *   nest-express  a minimal Nest app answering the same body, on Express (the adapter's own cost)
 *   nest-fastify  the same minimal Nest app on Fastify
 * It tells its parent `{ url, pid }` once it listens, answers `peak-rss` with its peak memory, and
 * `cpu` with the CPU time it used, and exits cleanly on SIGTERM (so `--cpu-prof` writes its profile).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_DIRECTORY_OPTIONS, parseMitigations, startDirectory } from '@lab/directory';
import { DEFAULT_RELAY_OPTIONS, startRelay } from '@lab/relay';
import type { ServerSpec } from './processes';

const spec = JSON.parse(process.argv[2]) as ServerSpec;
const body = spec.body ?? '{}';
let peakRss = process.memoryUsage.rss();
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200).unref();
process.on('message', (message) => {
  if (message === 'peak-rss')
    process.send?.({ peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) });
  // CPU time used so far (user + system, µs): per request, a figure a busy machine disturbs less
  // than requests per second.
  // Memory now, after a full collection when the process runs with --expose-gc.
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ memory: { rss, heapUsed, external, arrayBuffers } });
  }
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});

@Controller('users')
class MinimalController {
  @Get(':username')
  lookup(@Param('username') _username: string) {
    return JSON.parse(body) as unknown;
  }
}

@Module({ controllers: [MinimalController] })
class MinimalModule {}

async function start(): Promise<{ url: string; close(): Promise<void> }> {
  switch (spec.kind) {
    case 'bare': {
      const server = createServer((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
    }
    case 'nest-express':
    case 'nest-fastify': {
      const adapter =
        spec.kind === 'nest-fastify'
          ? new (await import('@nestjs/platform-fastify')).FastifyAdapter()
          : undefined;
      const app = adapter
        ? await NestFactory.create(MinimalModule, adapter, { logger: false })
        : await NestFactory.create(MinimalModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    }
    case 'directory': {
      const mitigations = parseMitigations(spec.mitigations ?? 'none');
      const secret = randomBytes(16).toString('hex');
      const relay = mitigations.includes('M4')
        ? await startRelay({
            ...DEFAULT_RELAY_OPTIONS,
            port: 0,
            mediaPort: 0,
            logLevel: 'warn',
            secret,
          })
        : undefined;
      const directory = await startDirectory({
        ...DEFAULT_DIRECTORY_OPTIONS,
        name: `directory-bench-${mitigations.length ? 'fixed' : 'vulnerable'}`,
        port: 0,
        mitigations,
        database: ':memory:',
        // Sign-ups are not what is measured; the cost parameter is the only difference.
        scryptCost: 1024,
        logLevel: spec.logLevel ?? 'info',
        ...(relay ? { relay: { url: relay.url, secret } } : {}),
      });
      return {
        url: directory.url,
        close: async () => {
          await directory.close();
          await relay?.close();
        },
      };
    }
  }
}

start().then(
  (server) => {
    process.send?.({ url: server.url, pid: process.pid });
    process.once('SIGTERM', () => {
      server.close().finally(() => process.exit(0));
    });
    process.once('disconnect', () => server.close().finally(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
