// What the tests under the emulator's `limits: 'service'` share: one emulator on a clock the test
// sets, each test an hour after the last (so every window of the last test is closed) with a new
// user, the exchanges it made recorded as the test wants them, and a client whose own back-off is
// a minute (a retry that comes within the test's time came after the service's Retry-After).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ChatClient, CommunicationTokenCredential } from '../../src/core/index.ts';
import type { EmulatorExchange, EmulatorUser } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from './emulator.ts';
import { testClock, type TestClock } from './test-clock.ts';

export interface ServiceLimitsTestbed<T> {
  clock: TestClock;
  /** When the test began, on the emulator's clock. */
  start: number;
  emu: TestEmulator;
  /** The test's user. */
  ann: EmulatorUser;
  /** The test's exchanges, as `record` made them. */
  exchanges: T[];
  /** A client (for the test's user, by default) whose own back-off is a minute. */
  client(user?: EmulatorUser, maxRetries?: number): ChatClient;
}

export function serviceLimitsTestbed<T>(
  record: (exchange: EmulatorExchange) => T,
): ServiceLimitsTestbed<T> {
  const clock = testClock(Date.UTC(2026, 0, 1, 9));
  const bed: ServiceLimitsTestbed<T> = {
    clock,
    start: clock.now(),
    emu: undefined as unknown as TestEmulator,
    ann: undefined as unknown as EmulatorUser,
    exchanges: [],
    client(user = bed.ann, maxRetries = 3) {
      return new ChatClient(bed.emu.url, new CommunicationTokenCredential(user.token), {
        retryOptions: { maxRetries, retryDelayInMs: 60_000, maxRetryDelayInMs: 60_000 },
      });
    },
  };
  beforeAll(async () => {
    bed.emu = await startEmulator({
      now: clock.now,
      limits: 'service',
      onExchange: (exchange) => bed.exchanges.push(record(exchange)),
    });
  });
  afterAll(() => bed.emu.close());
  beforeEach(async () => {
    bed.start += 3_600_000;
    clock.set(bed.start);
    bed.ann = await bed.emu.user();
    bed.exchanges = [];
  });
  return bed;
}
