// An ordered collection with O(log n) seek and cheap insert/delete: a list of sorted chunks. It backs
// each user's thread list, so one page costs the page, not the number of threads in the store.

const maxChunk = 512;

export class SortedIndex<T> {
  readonly #compare: (a: T, b: T) => number;
  #chunks: T[][] = [];
  #size = 0;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#size;
  }

  /** The first chunk whose last item is >= item (or the last chunk). */
  #chunkFor(item: T): number {
    let lo = 0;
    let hi = this.#chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid]!;
      if (this.#compare(chunk[chunk.length - 1]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in chunk whose item is >= item (or > item when `strict`). */
  #position(chunk: T[], item: T, strict: boolean): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.#compare(chunk[mid]!, item);
      if (order < 0 || (strict && order === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(item: T): void {
    this.#size++;
    if (this.#chunks.length === 0) {
      this.#chunks.push([item]);
      return;
    }
    const index = this.#chunkFor(item);
    const chunk = this.#chunks[index]!;
    chunk.splice(this.#position(chunk, item, true), 0, item);
    if (chunk.length > maxChunk * 2) {
      this.#chunks.splice(index, 1, chunk.slice(0, maxChunk), chunk.slice(maxChunk));
    }
  }

  /** Removes the item that compares equal to `item`; false when there is none. */
  delete(item: T): boolean {
    if (this.#chunks.length === 0) return false;
    const index = this.#chunkFor(item);
    const chunk = this.#chunks[index]!;
    const position = this.#position(chunk, item, false);
    if (position >= chunk.length || this.#compare(chunk[position]!, item) !== 0) return false;
    chunk.splice(position, 1);
    if (chunk.length === 0) this.#chunks.splice(index, 1);
    this.#size--;
    return true;
  }

  /** Items in order, starting after `after` (exclusive) or at the beginning. */
  *from(after?: T): Generator<T, void, undefined> {
    let index = 0;
    let position = 0;
    if (after !== undefined && this.#chunks.length > 0) {
      index = this.#chunkFor(after);
      position = this.#position(this.#chunks[index]!, after, true);
    }
    for (; index < this.#chunks.length; index++, position = 0) {
      const chunk = this.#chunks[index]!;
      for (; position < chunk.length; position++) yield chunk[position]!;
    }
  }

  clear(): void {
    this.#chunks = [];
    this.#size = 0;
  }
}
