// Catching up after a gap in the events (the connection back, the tab back in the foreground):
// every loaded message list asks for what is new since its newest listed message, and every other
// chat query in use fetches again (unused ones are marked stale). A resync runs until it
// completes: a query with a fetch in flight (an older page loading) catches up once that fetch
// settles, since it may have started before the gap ended; one that fails tries again, backing off,
// until it succeeds, the thread is gone, or listening stops.
import type { Query, QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import { isChatError } from '../../core/index.ts';
import { chatKeys, readChatKey } from '../chat-keys.ts';
import { pollNewMessages } from './poll-new-messages.ts';
import type { ChatScope } from '../types.ts';

// As the Azure SDKs back off: from 1 s, doubling, capped; jittered so that clients that lost the
// service together do not come back in step.
const firstRetryMs = 1000;
const maxRetryMs = 30_000;

/** How long to wait before the nth try again (n from 1). */
export function resyncRetryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(firstRetryMs * 2 ** (failures - 1), maxRetryMs);
  return base * (0.8 + 0.4 * random());
}

// What trying again cannot change: the thread is gone or the user is no longer in it, the request
// is refused as such, or the client or its credential was closed.
function lasting(error: unknown): boolean {
  if (!isChatError(error)) return false;
  const { statusCode, code } = error;
  return (
    statusCode === 400 ||
    statusCode === 403 ||
    statusCode === 404 ||
    code === 'ClientClosed' ||
    code === 'CredentialDisposed'
  );
}

interface Owed {
  failures: number;
  running: boolean;
  // Another resync came while this one ran: run once more, after.
  again: boolean;
  retry?: ReturnType<typeof setTimeout>;
}

const isMessageList = (query: Query) => readChatKey(query.queryKey)?.kind === 'messages';

export class Resync {
  readonly #scope: ChatScope;
  readonly #queryClient: QueryClient;
  // The queries (by hash) a resync still has to bring up to date: at most one per cached query.
  readonly #owed = new Map<string, Owed>();
  #stopped = new AbortController();

  constructor(scope: ChatScope, queryClient: QueryClient) {
    this.#scope = scope;
    this.#queryClient = queryClient;
  }

  /** Queries a resync has not brought up to date yet, and how many of them wait to try again. */
  get pending(): { readonly queries: number; readonly retries: number } {
    let retries = 0;
    for (const owed of this.#owed.values()) if (owed.retry !== undefined) retries++;
    return { queries: this.#owed.size, retries };
  }

  /** Watches fetches settle (a resync may wait for one); returns the function that stops. */
  start(): () => void {
    this.#stopped = new AbortController();
    const stop = this.#queryClient.getQueryCache().subscribe((e) => this.#onCacheEvent(e));
    return () => {
      stop();
      this.#stopped.abort();
      for (const owed of this.#owed.values()) clearTimeout(owed.retry);
      this.#owed.clear();
    };
  }

  /** Starts catching up every loaded chat query. Safe to call any time: everything merges by id. */
  run(): void {
    const keys = chatKeys(this.#scope);
    // Stale, so an unused one fetches again when next used; the ones in use are fetched below.
    void this.#queryClient.invalidateQueries({
      queryKey: keys.all,
      predicate: (query) => !isMessageList(query),
      refetchType: 'none',
    });
    for (const query of this.#queryClient.getQueryCache().findAll({ queryKey: keys.all })) {
      // Never loaded: its first fetch brings everything.
      if (query.state.data === undefined) continue;
      if (!isMessageList(query) && !query.isActive()) continue;
      const owed = this.#owed.get(query.queryHash);
      if (owed) {
        // Waiting for a fetch or to try again, it catches up then; running, it runs once more.
        if (owed.running) owed.again = true;
        continue;
      }
      this.#owed.set(query.queryHash, { failures: 0, running: false, again: false });
      void this.#catchUp(query.queryHash);
    }
  }

  #onCacheEvent(e: QueryCacheNotifyEvent) {
    const hash = e.query.queryHash;
    const owed = this.#owed.get(hash);
    if (owed === undefined) return;
    if (e.type === 'removed') {
      clearTimeout(owed.retry);
      this.#owed.delete(hash);
    } else if (e.type === 'updated' && e.query.state.fetchStatus === 'idle') {
      // A fetch it waited for has settled (or any other change: catchUp knows what to do).
      void this.#catchUp(hash);
    }
  }

  async #catchUp(hash: string): Promise<void> {
    const owed = this.#owed.get(hash);
    if (owed === undefined || owed.running || owed.retry !== undefined) return;
    const query = this.#queryClient.getQueryCache().get(hash);
    if (query === undefined || query.state.data === undefined) {
      this.#owed.delete(hash);
      return;
    }
    // That fetch may have started before the gap ended: catch up when it settles.
    if (query.state.fetchStatus !== 'idle') return;
    const { signal } = this.#stopped;
    owed.running = true;
    owed.again = false;
    try {
      const done = await this.#bringUpToDate(query, signal);
      owed.failures = 0;
      if (done && !owed.again && this.#owed.get(hash) === owed) this.#owed.delete(hash);
    } catch (error) {
      if (signal.aborted) return;
      if (lasting(error)) {
        this.#owed.delete(hash);
        return;
      }
      owed.failures++;
      owed.retry = setTimeout(() => {
        owed.retry = undefined;
        void this.#catchUp(hash);
      }, resyncRetryDelay(owed.failures));
    } finally {
      owed.running = false;
    }
    // Not done (a fetch started meanwhile), or asked again: now, or when that fetch settles.
    if (!signal.aborted) void this.#catchUp(hash);
  }

  /** True when the query holds everything up to now; false when a fetch started meanwhile. */
  async #bringUpToDate(query: Query, signal: AbortSignal): Promise<boolean> {
    const key = readChatKey(query.queryKey);
    if (key?.kind === 'messages')
      return pollNewMessages(this.#scope, this.#queryClient, key.threadId, key.options, signal);
    await this.#queryClient.refetchQueries(
      { queryKey: query.queryKey, exact: true },
      { throwOnError: true, cancelRefetch: false },
    );
    return true;
  }
}
