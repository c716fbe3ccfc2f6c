import { isChatError } from '../../core/index.ts';

/** The service says the thread is gone (404, e.g. deleted elsewhere): polling it is pointless. */
export function isGone(error: unknown): boolean {
  return isChatError(error) && error.statusCode === 404;
}

/**
 * TanStack's `refetchInterval` for a poll of one thread: every `interval` ms until the service
 * says the thread is gone (404, e.g. deleted elsewhere), then no more. A poll that 404s every
 * second only fills the network log; `refetch()` still asks again.
 */
export function pollUntilGone(interval: number | false) {
  // Typed by the one field read, so it fits every query's own Query<...> type.
  return (query: { state: { error: unknown } }): number | false =>
    isGone(query.state.error) ? false : interval;
}
