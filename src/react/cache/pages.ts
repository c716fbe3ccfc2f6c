import type { PagedAsyncIterableIterator } from '../../core/index.ts';

type Items<D extends { pages: { items: unknown[] }[] }> = D['pages'][number]['items'];

/**
 * Edits the items of each cached page, keeping `pageParams` and every page (and the data object)
 * that did not change, so TanStack's structural sharing re-renders only what moved.
 */
export function editPages<D extends { pages: { items: unknown[] }[] }>(
  data: D,
  edit: (items: Items<D>, index: number) => Items<D>,
): D {
  let changed = false;
  const pages = data.pages.map((page, index) => {
    const items = edit(page.items as Items<D>, index);
    if (items === page.items) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/** Every item of every page: for short lists (participants, read receipts). */
export async function fetchAll<T>(list: PagedAsyncIterableIterator<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of list) items.push(item);
  return items;
}

/** Keeps the first of each id: pages that met after the list changed may repeat an item. */
export function uniqueById<T extends { id: string }>(items: Iterable<T>): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    result.push(item);
  }
  return result;
}
