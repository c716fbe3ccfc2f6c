// Paged lists in the official SDK's shape: iterate items, or `byPage()` for pages that carry the
// continuation token (the service's nextLink, followed as given).
export type ChatPage<T> = T[] & { continuationToken?: string };

export interface PageSettings {
  continuationToken?: string;
}

export interface PagedAsyncIterableIterator<T> extends AsyncIterableIterator<T> {
  byPage(settings?: PageSettings): AsyncIterableIterator<ChatPage<T>>;
}

/** `fetchPage(undefined)` fetches the first page; later pages follow the token. */
export function pagedIterator<T>(
  fetchPage: (continuationToken: string | undefined) => Promise<ChatPage<T>>,
): PagedAsyncIterableIterator<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<ChatPage<T>> {
    let token = settings.continuationToken;
    do {
      const page = await fetchPage(token);
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
