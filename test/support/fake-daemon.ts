/**
 * A fake engine on a unix socket, for DockerEngine unit tests: it records every request (`METHOD /path?query`) and
 * answers through `route`, with the path (query stripped). No real engine of the version it imitates runs here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { DockerEngine } from '../../src/engine/docker-engine.js';

export type Json = (body: unknown, status?: number) => void;
export type Route = (p: string, req: http.IncomingMessage, res: http.ServerResponse, json: Json) => void;

export interface FakeDaemon {
  /** Requests in the order received. */
  requests: string[];
  engine(): DockerEngine;
  close(): Promise<void>;
}

export async function startFakeDaemon(route: Route): Promise<FakeDaemon> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-fake-daemon-'));
  const socketPath = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    const json: Json = (body, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    route(url.split('?')[0] ?? '', req, res, json);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    requests,
    engine: () => new DockerEngine(new Docker({ socketPath })),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
