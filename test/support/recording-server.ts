import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } | 'hang';

/** A loopback HTTP server that records every request and answers from a script. */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  constructor(private reply: (req: RecordedRequest, index: number) => Reply = () => ({ status: 200, body: { ok: true } })) {}

  setReply(reply: (req: RecordedRequest, index: number) => Reply): void {
    this.reply = reply;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        const reply = this.reply(recorded, this.requests.length - 1);
        if (reply === 'hang') {
          this.hanging.push(res);
          return;
        }
        const send = () => {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
          res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Answers every request left hanging so far. */
  release(reply: { status: number; body?: unknown }): void {
    for (const res of this.hanging.splice(0)) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    }
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
