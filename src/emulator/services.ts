// What every route needs from the emulator: the store, the token issuer, the resolved options and
// the clock. One object, built once in emulator.ts.
import type { PageSizes } from './paging.ts';
import type { ServiceLimits } from './service-limits.ts';
import type { ChatStore } from './store.ts';
import type { TokenIssuer } from './tokens.ts';

export interface EmulatorServices extends PageSizes {
  readonly store: ChatStore;
  readonly tokens: TokenIssuer;
  readonly resourceId: string;
  readonly accessKey: string;
  readonly identityAuth: 'hmac' | 'open';
  /** The service's chat throttling, when `limits: 'service'`; undefined when off. */
  readonly limits: ServiceLimits | undefined;
  now(): number;
}
