import { createServer } from 'node:net';

export interface NeededPort {
  port: number;
  what: string;
  /** The variable that moves it. */
  variable: string;
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Checked before anything is created: a busy port found later would stop `npm start` after the
 * demo users (whose passwords are printed once) already exist.
 */
export async function assertPortsFree(ports: readonly NeededPort[], host = '0.0.0.0'): Promise<void> {
  for (const { port, what, variable } of ports) {
    if (!(await isFree(port, host))) {
      throw new Error(`Port ${port} (${what}) is busy: stop what uses it, or set ${variable} to a free port`);
    }
  }
}
