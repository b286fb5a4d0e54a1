import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** Postgres's SSLRequest code: a client asking for TLS before its startup message. */
const SSL_REQUEST = 80877103;

/**
 * A TCP gate in front of Postgres that can play a restart: it drops every connection, then
 * answers new ones as Postgres does while it starts up (FATAL 57P03, "the database system is
 * starting up") until it opens again. Postgres itself cannot be held in that state on demand.
 */
export class PostgresGate {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private startingUntil = 0;
  private downUntil = 0;
  /** Connections refused with 57P03 so far. */
  refused = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on loopback; returns the database URL `url` rewritten to go through the gate. */
  async start(url: string): Promise<string> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String((this.server.address() as AddressInfo).port);
    return through.toString();
  }

  /**
   * Drops every connection and answers "starting up" for `ms` (or, `down`, drops each new
   * connection at once, as a Postgres going away does); resolves when it is open again.
   */
  async restart(ms: number, { down = false } = {}): Promise<void> {
    if (down) this.downUntil = Date.now() + ms;
    else this.startingUntil = Date.now() + ms;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (Date.now() < this.downUntil) return void client.destroy();
    if (Date.now() < this.startingUntil) return this.refuse(client);
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Reads the startup message (declining TLS first if asked) and answers FATAL 57P03. */
  private refuse(client: Socket): void {
    let buffered = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readInt32BE(0)) {
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST) {
          client.write('N');
          continue;
        }
        this.refused++;
        client.end(errorResponse('57P03', 'the database system is starting up'));
        return;
      }
    });
  }
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
