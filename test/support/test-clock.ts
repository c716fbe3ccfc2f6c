// A clock for the emulator's `now` option that a test sets: frozen at a time (`set`), or running on
// from one at real speed (`run`), so that a client that really waits the Retry-After the emulator
// gives finds the window closed, without a test waiting out a real 10-second window.
export interface TestClock {
  /** The time, in epoch milliseconds: pass as `now: clock.now`. */
  now: () => number;
  /** Freezes the clock at `ms`. */
  set(ms: number): void;
  /** Lets the clock run on from `ms` at real speed. */
  run(ms: number): void;
}

export function testClock(start: number): TestClock {
  let frozen: number | undefined = start;
  let offset = 0;
  return {
    now: () => frozen ?? Date.now() + offset,
    set(ms) {
      frozen = ms;
    },
    run(ms) {
      frozen = undefined;
      offset = ms - Date.now();
    },
  };
}
