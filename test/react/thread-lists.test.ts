// The pure cache edits behind the optimistic thread deletion, on their own.
import { describe, expect, it } from 'vitest';
import {
  removeThreads,
  restoreThread,
  type ThreadListData,
} from '../../src/react/cache/thread-lists.ts';

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));
function list(...pages: string[][]): ThreadListData {
  let n = 100;
  return {
    pages: pages.map((ids) => ({
      items: ids.map((id) => ({ id, topic: id, lastMessageReceivedOn: at(n--) })),
    })),
    pageParams: pages.map((_, i) => (i === 0 ? undefined : `p${i}`)),
  };
}
const ids = (data: ThreadListData) => data.pages.map((p) => p.items.map((t) => t.id));

describe('restoreThread', () => {
  it('puts a thread back exactly where it was', () => {
    const before = list(['a', 'b', 'c'], ['d', 'e']);
    const hidden = removeThreads(before, new Set(['d']));
    expect(restoreThread(hidden, before, 'd')).toEqual(before);
    expect(restoreThread(before, before, 'd')).toBe(before);
  });

  it('keeps the order when overlapping deletions roll back in any order', () => {
    const original = list(['x', 'a', 'b', 'y']);
    // A starts (snapshot with everything), then B (snapshot without A); both fail.
    const snapshotA = original;
    const afterA = removeThreads(original, new Set(['a']));
    const snapshotB = afterA;
    const afterB = removeThreads(afterA, new Set(['b']));
    const aThenB = restoreThread(restoreThread(afterB, snapshotA, 'a'), snapshotB, 'b');
    const bThenA = restoreThread(restoreThread(afterB, snapshotB, 'b'), snapshotA, 'a');
    expect(ids(aThenB)).toEqual([['x', 'a', 'b', 'y']]);
    expect(ids(bThenA)).toEqual([['x', 'a', 'b', 'y']]);
  });

  it('leaves other changes alone: a thread created meanwhile stays on top', () => {
    const before = list(['a', 'b']);
    const now = removeThreads(before, new Set(['a']));
    const withNew: ThreadListData = {
      ...now,
      pages: [
        {
          items: [{ id: 'n', topic: 'n', lastMessageReceivedOn: at(200) }, ...now.pages[0]!.items],
        },
      ],
    };
    expect(ids(restoreThread(withNew, before, 'a'))).toEqual([['n', 'a', 'b']]);
  });
});
