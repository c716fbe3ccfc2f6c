// Paged lists in the official SDK's shape: iterate items, or `byPage()` for pages that carry the
// continuation token (the service's nextLink, followed as given).
import { invalidResponse } from './service-error.ts';

// A service that hands out empty pages for ever is broken; stop after this many in a row.
const maxEmptyPagesInARow = 100;
export type ChatPage<T> = T[] & { continuationToken?: string };

export interface PageSettings {
  continuationToken?: string;
}

export interface PagedAsyncIterableIterator<T> extends AsyncIterableIterator<T> {
  byPage(settings?: PageSettings): AsyncIterableIterator<ChatPage<T>>;
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
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<ChatPage<T>> {
    let token = settings.continuationToken;
    const followed = new Set<string>();
    let emptyInARow = 0;
    do {
      if (token !== undefined) {
        if (followed.has(token))
          throw invalidResponse(operation, 'its nextLink repeats one already followed, a loop');
        followed.add(token);
      }
      const page = await fetchPage(token);
      emptyInARow = page.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow > maxEmptyPagesInARow)
        throw invalidResponse(
          operation,
          `${emptyInARow} empty pages in a row, each with a nextLink`,
        );
      token = page.continuationToken;
      yield page;
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
    byPage: (settings) => pages(settings),
  };
}

export function toPage<T>(items: T[], continuationToken: string | undefined): ChatPage<T> {
  const page = items as ChatPage<T>;
  if (continuationToken) page.continuationToken = continuationToken;
  return page;
}
