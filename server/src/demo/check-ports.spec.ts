import { createServer, type Server } from 'node:net';
import { assertPortsFree } from './check-ports';

describe('demo port check', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  it('names the busy port, what needs it and the variable that moves it', async () => {
    await expect(assertPortsFree([{ port, what: 'Kommo simulator', variable: 'FLOWBRIDGE_DEMO_KOMMO_PORT' }]))
      .rejects.toThrow(`Port ${port} (Kommo simulator) is busy: stop what uses it, or set FLOWBRIDGE_DEMO_KOMMO_PORT to a free port`);
  });

  it('passes free ports', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '0.0.0.0', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    await expect(assertPortsFree([{ port: freePort, what: 'x', variable: 'Y' }])).resolves.toBeUndefined();
  });
});
