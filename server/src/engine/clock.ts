/** Every time the engine decides on (wake-ups, retries, step timings) comes from here, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until told to move; waits of days are tested by advancing it.
 * Start it ahead of real time so queue timers (real time) never fire a wait before the test does.
 */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2031-01-06T09:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
