// A record of every HTTP attempt the stories' ChatClient makes, through the client's `fetch`
// option: it shows what the hooks hide on purpose (retries after a 429, the back-off, a rollback's
// failed DELETE), so a viewer sees resilience happen. An external store for useSyncExternalStore.
export interface ActivityEntry {
  id: number;
  method: string;
  /** Path below the endpoint, without the query. */
  path: string;
  /** HTTP status, 'pending', or 'failed' (network error or abort). */
  outcome: number | 'pending' | 'failed';
  /**
   * Whether this very request (method, URL, body and idempotency token) failed just before: the
   * client is retrying it. A new create with the same topic carries a new token, so it is not one.
   */
  retry: boolean;
  startedAt: number;
  ms?: number;
}

export interface ActivityLog {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly ActivityEntry[];
  clear(): void;
}

const keep = 60;

function shortPath(url: URL): string {
  const path = url.pathname.replace(/^.*?\/(chat|identities)\//, '/$1/');
  // Thread ids are long; a reader needs to see only which kind of resource was called.
  return decodeURIComponent(path).replace(/19:[^/]+@thread\.v2/g, '{thread}');
}

export function createActivityLog(): ActivityLog {
  let entries: readonly ActivityEntry[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  const lastFailed = new Set<string>();
  const emit = () => listeners.forEach((listener) => listener());
  const update = (id: number, change: Partial<ActivityEntry>) => {
    entries = entries.map((entry) => (entry.id === id ? { ...entry, ...change } : entry));
    emit();
  };

  return {
    async fetch(input, init) {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      // Retries repeat the request exactly, its repeatability-request-id included.
      const body = request.body === null ? '' : await request.clone().text();
      const token = request.headers.get('repeatability-request-id') ?? '';
      const key = `${request.method} ${url.href} ${token} ${body}`;
      const entry: ActivityEntry = {
        id: nextId++,
        method: request.method,
        path: shortPath(url),
        outcome: 'pending',
        retry: lastFailed.has(key),
        startedAt: Date.now(),
      };
      entries = [entry, ...entries].slice(0, keep);
      emit();
      try {
        const response = await fetch(request);
        if (response.ok) lastFailed.delete(key);
        else lastFailed.add(key);
        update(entry.id, { outcome: response.status, ms: Date.now() - entry.startedAt });
        return response;
      } catch (error) {
        lastFailed.add(key);
        update(entry.id, { outcome: 'failed', ms: Date.now() - entry.startedAt });
        throw error;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => entries,
    clear() {
      entries = [];
      lastFailed.clear();
      emit();
    },
  };
}
