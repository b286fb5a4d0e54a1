import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The base of every connector simulator: a loopback HTTP server that speaks a vendor's wire format,
 * records requests, keeps inspectable state in the subclass, and injects faults on demand
 * (5xx, 429 with Retry-After, slow replies, auth failures) so specs can prove retry behaviour.
 */
export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SimRoute {
  method: string;
  /** Express-like pattern: `/api/v4/leads/:id`. */
  path: string;
  handler(req: SimRequest): SimResponse | Promise<SimResponse>;
}

export interface Fault {
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Only requests whose path starts with this are hit. */
  pathPrefix?: string;
  times?: number;
}

export abstract class SimulatorServer {
  readonly requests: SimRequest[] = [];
  private server?: Server;
  private readonly faults: (Fault & { left: number })[] = [];
  private compiled?: { method: string; pattern: RegExp; keys: string[]; route: SimRoute }[];
  url = '';

  protected abstract routes(): SimRoute[];

  /** Returns a response to refuse the request (e.g. 401), or undefined to let it through. */
  protected authenticate(_req: SimRequest): SimResponse | undefined {
    return undefined;
  }

  /** Parses the request body; vendors differ (JSON, form-encoded, XML). */
  protected parseBody(raw: string, contentType: string): unknown {
    if (!raw) return undefined;
    if (contentType.includes('json')) {
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    }
    if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
    return raw;
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private match(method: string, path: string): { route: SimRoute; params: Record<string, string> } | undefined {
    this.compiled ??= this.routes().map((route) => {
      const keys: string[] = [];
      const source = route.path.replace(/:([A-Za-z_]+)/g, (_m, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      return { method: route.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), keys, route };
    });
    for (const c of this.compiled) {
      const m = c.method === method ? c.pattern.exec(path) : null;
      if (m) return { route: c.route, params: Object.fromEntries(c.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sim');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
    const request: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      params: {},
      query: Object.fromEntries(url.searchParams),
      headers,
      body: this.parseBody(rawBody, headers['content-type'] ?? ''),
      rawBody,
    };
    this.requests.push(request);
    const send = (r: SimResponse) => {
      const isJson = r.body !== undefined && typeof r.body !== 'string';
      res.writeHead(r.status, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...r.headers });
      res.end(r.body === undefined ? '' : isJson ? JSON.stringify(r.body) : String(r.body));
    };
    try {
      const fault = this.faults.find((f) => f.left > 0 && (!f.pathPrefix || request.path.startsWith(f.pathPrefix)));
      if (fault) {
        fault.left--;
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (fault.status) {
          return send({
            status: fault.status,
            body: fault.body ?? { error: `injected ${fault.status}` },
            headers: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined,
          });
        }
      }
      const found = this.match(request.method, request.path);
      if (!found) return send({ status: 404, body: { error: `no route ${request.method} ${request.path}` } });
      request.params = found.params;
      const refused = this.authenticate(request);
      if (refused) return send(refused);
      send(await found.route.handler(request));
    } catch (error) {
      send({ status: 500, body: { error: (error as Error).message } });
    }
  }
}
