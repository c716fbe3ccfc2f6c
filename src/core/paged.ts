// Paged lists. One page type for the whole library, ChatPage: the items and the continuation token
// (the service's nextLink, followed as given). A list gives one page (`page(token)`, what the React
// layer caches), its items (`for await`), or, as the official SDK, arrays per page (`byPage()`).
import { invalidResponse } from './service-error.ts';

// A service that hands out empty pages for ever is broken; stop after this many in a row.
const maxEmptyPagesInARow = 100;

/** One page of a list: its items, and the token of the next page (absent on the last). */
export interface ChatPage<T> {
  items: T[];
  continuationToken?: string;
}

/** A page as the official SDK's `byPage()` yields it (Azure's paging contract): an array with the token. */
export type ContinuablePage<T> = T[] & { continuationToken?: string };

export interface PageSettings {
  continuationToken?: string;
}

export interface PagedAsyncIterableIterator<T> extends AsyncIterableIterator<T> {
  /** The one page the token points at (the first without one): one request. */
  page(continuationToken?: string): Promise<ChatPage<T>>;
  /** Every page from the token on, as arrays carrying the next token (the official SDK's shape). */
  byPage(settings?: PageSettings): AsyncIterableIterator<ContinuablePage<T>>;
}

/**
 * `fetchPage(undefined)` fetches the first page; later pages follow the token. A token that comes
 * back again, or endless empty pages, end the iteration with an InvalidResponse error: a broken or
 * hostile service cannot make a loop that never ends.
 */
export function pagedIterator<T>(
  fetchPage: (continuationToken: string | undefined) => Promise<ChatPage<T>>,
  operation: string,
): PagedAsyncIterableIterator<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<ContinuablePage<T>> {
    let token = settings.continuationToken;
    const followed = new Set<string>();
    let emptyInARow = 0;
    do {
      if (token !== undefined) {
        if (followed.has(token))
          throw invalidResponse(operation, 'its nextLink repeats one already followed, a loop');
        followed.add(token);
      }
      const { items, continuationToken } = await fetchPage(token);
      emptyInARow = items.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow > maxEmptyPagesInARow)
        throw invalidResponse(
          operation,
          `${emptyInARow} empty pages in a row, each with a nextLink`,
        );
      token = continuationToken;
      yield Object.assign(items, token ? { continuationToken: token } : {});
    } while (token);
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages()) yield* page;
  }
  const iterator = items();
  return {
    next: () => iterator.next(),
    [Symbol.asyncIterator]() {
      return this;
    },
    page: (continuationToken) => fetchPage(continuationToken),
    byPage: (settings) => pages(settings),
  };
}

export function toPage<T>(items: T[], continuationToken: string | undefined): ChatPage<T> {
  return continuationToken ? { items, continuationToken } : { items };
}
