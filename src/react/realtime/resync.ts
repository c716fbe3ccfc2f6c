// Catching up after a gap in the events (the connection back, the tab back in the foreground):
// every loaded message list asks for what is new since its newest listed message, and every other
// chat query in use fetches again (unused ones are marked stale). After a short gap (the
// connection made just after the first fetches, or back within seconds), a thread list asks only
// for the threads with activity since its newest (catch-up-threads.ts), and a summary whose thread
// that did not touch keeps what it has. A resync runs until it completes: a query with a fetch in flight (an older page loading) catches up once that fetch
// settles, since it may have started before the gap ended; one that fails tries again, backing off,
// until it succeeds, the thread is gone, or listening stops.
import type { Query, QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import { isChatError } from '../../core/index.ts';
import { chatKeys, readChatKey } from '../chat-keys.ts';
import { listedOn } from '../records/listed-on.ts';
import { catchUpThreadList } from './catch-up-threads.ts';
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
  // The light catch-up this query is part of, until it has tried once.
  round?: LightRound;
  failures: number;
  running: boolean;
  // Another resync came while this one ran: run once more, after.
  again: boolean;
  retry?: ReturnType<typeof setTimeout>;
}

const isMessageList = (query: Query) => readChatKey(query.queryKey)?.kind === 'messages';

/**
 * A gap at most this long (by this device's clock) is caught up lightly. What a light catch-up
 * cannot see (an edit, a deletion, a read on another device, made within those seconds) a longer
 * gap's refetch would: the window is kept short.
 */
export const shortGapMs = 30_000;

/**
 * One light catch-up: what the thread lists' catch-ups found changed (undefined: one of them
 * could not tell), and each listed thread's list as it was before, by when that list was stored.
 */
interface LightRound {
  changed: Promise<Set<string> | undefined>;
  listedAt: Map<string, number>;
  report(hash: string, changed: Set<string> | undefined): void;
}

function lightRound(lists: Query[]): LightRound {
  const listedAt = new Map<string, number>();
  for (const list of lists) {
    const data = list.state.data as { pages: { items: { id: string }[] }[] };
    for (const page of data.pages) {
      // A page edited since its fetch: as of that edit.
      const at = listedOn.get(page) ?? list.state.dataUpdatedAt;
      for (const t of page.items) listedAt.set(t.id, Math.max(listedAt.get(t.id) ?? 0, at));
    }
  }
  const waiting = new Set(lists.map((l) => l.queryHash));
  const all = new Set<string>();
  let known = true;
  let done!: (changed: Set<string> | undefined) => void;
  const changed = new Promise<Set<string> | undefined>((resolve) => (done = resolve));
  const round: LightRound = {
    changed,
    listedAt,
    report(hash, found) {
      if (!waiting.delete(hash)) return;
      if (found === undefined) known = false;
      else for (const id of found) all.add(id);
      if (waiting.size === 0) done(known ? all : undefined);
    },
  };
  if (waiting.size === 0) done(undefined);
  return round;
}

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
      for (const [hash, owed] of this.#owed) {
        clearTimeout(owed.retry);
        owed.round?.report(hash, undefined);
      }
      this.#owed.clear();
    };
  }

  /**
   * Starts catching up every loaded chat query. Safe to call any time: everything merges by id.
   * `coveredUntil`: when events stopped keeping the caches current (the connection lost); without
   * it, each query is current as of its last fetch.
   */
  run(coveredUntil?: number): void {
    const keys = chatKeys(this.#scope);
    // Never loaded, or not in use: its first fetch brings everything.
    const loaded = this.#queryClient
      .getQueryCache()
      .findAll({ queryKey: keys.all })
      .filter((q) => q.state.data !== undefined && (isMessageList(q) || q.isActive()));
    const since = coveredUntil ?? Math.min(...loaded.map((q) => q.state.dataUpdatedAt));
    const lists = loaded.filter((q) => readChatKey(q.queryKey)?.kind === 'threads');
    const round = Date.now() - since <= shortGapMs ? lightRound(lists) : undefined;
    // Stale, so an unused one fetches again when next used; the ones in use catch up below.
    const catchingUp = new Set(loaded);
    void this.#queryClient.invalidateQueries({
      queryKey: keys.all,
      predicate: (query) => !isMessageList(query) && !catchingUp.has(query),
      refetchType: 'none',
    });
    for (const query of loaded) {
      const owed = this.#owed.get(query.queryHash);
      if (owed) {
        // Waiting for a fetch or to try again, it catches up then; running, it runs once more.
        if (owed.running) owed.again = true;
        round?.report(query.queryHash, undefined);
        continue;
      }
      this.#owed.set(query.queryHash, { round, failures: 0, running: false, again: false });
      void this.#catchUp(query.queryHash);
    }
  }

  #onCacheEvent(e: QueryCacheNotifyEvent) {
    const hash = e.query.queryHash;
    const owed = this.#owed.get(hash);
    if (owed === undefined) return;
    if (e.type === 'removed') {
      clearTimeout(owed.retry);
      owed.round?.report(hash, undefined);
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
      owed.round?.report(hash, undefined);
      this.#owed.delete(hash);
      return;
    }
    // That fetch may have started before the gap ended: catch up when it settles.
    if (query.state.fetchStatus !== 'idle') return;
    const { signal } = this.#stopped;
    owed.running = true;
    owed.again = false;
    const { round } = owed;
    owed.round = undefined;
    try {
      const done = await this.#bringUpToDate(query, signal, round);
      owed.failures = 0;
      if (done && !owed.again && this.#owed.get(hash) === owed) this.#owed.delete(hash);
    } catch (error) {
      round?.report(hash, undefined);
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
  async #bringUpToDate(query: Query, signal: AbortSignal, round?: LightRound): Promise<boolean> {
    const key = readChatKey(query.queryKey);
    if (key?.kind === 'messages')
      return pollNewMessages(this.#scope, this.#queryClient, key.threadId, key.options, signal);
    if (round && key?.kind === 'threads') {
      const changed = await catchUpThreadList(this.#scope, this.#queryClient, query, signal);
      round.report(query.queryHash, changed);
      if (changed) return true;
    } else if (round && key?.kind === 'summary') {
      const changed = await round.changed;
      const listedAt = round.listedAt.get(key.threadId);
      // Listed by a list stored before this summary, and untouched since: nothing to fetch.
      if (
        changed &&
        listedAt !== undefined &&
        listedAt <= query.state.dataUpdatedAt &&
        !changed.has(key.threadId)
      )
        return true;
    }
    await this.#queryClient.refetchQueries(
      { queryKey: query.queryKey, exact: true },
      { throwOnError: true, cancelRefetch: false },
    );
    return true;
  }
}
