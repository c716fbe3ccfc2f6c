// When a token the emulator issues for its own callers (the API and POST /__emulator/tokens)
// expires: the service's lifetimes (1 to 24 hours), or, for tests, any time: one already past, or
// seconds away on the emulator's clock, so an expiry is tested with a properly signed token.
import { badRequest } from './errors.ts';
import { checkTokenMinutes } from './identity-routes.ts';

export interface TokenLifetime {
  /** As the Identity API: 60 to 1440 minutes. */
  expiresInMinutes?: number;
  /** Seconds from the emulator's clock, negative for an expired token: within a year either way. */
  expiresInSeconds?: number;
  /** Any time, past included. */
  expiresOn?: Date;
}

const maxSecondsAway = 366 * 24 * 3600;

/** The expiry in epoch milliseconds; a 400 naming the option when it is not usable. */
export function tokenExpiry(lifetime: TokenLifetime, now: number): number {
  const given = (['expiresInMinutes', 'expiresInSeconds', 'expiresOn'] as const).filter(
    (name) => lifetime[name] !== undefined && lifetime[name] !== null,
  );
  if (given.length > 1) {
    throw badRequest(
      `Give one of expiresInMinutes, expiresInSeconds and expiresOn, not ${given.join(' and ')}.`,
      given[1],
    );
  }
  const { expiresInSeconds: seconds, expiresOn } = lifetime;
  if (given[0] === 'expiresInSeconds') {
    if (!Number.isInteger(seconds) || Math.abs(seconds!) > maxSecondsAway) {
      throw badRequest(
        `'expiresInSeconds' must be an integer from -${maxSecondsAway} to ${maxSecondsAway} (a year either way).`,
        'expiresInSeconds',
      );
    }
    return now + seconds! * 1000;
  }
  if (given[0] === 'expiresOn') {
    if (!(expiresOn instanceof Date) || !Number.isFinite(expiresOn.getTime())) {
      throw badRequest("'expiresOn' must be a valid date.", 'expiresOn');
    }
    return expiresOn.getTime();
  }
  return now + checkTokenMinutes(lifetime.expiresInMinutes) * 60_000;
}
