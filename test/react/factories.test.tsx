import { render, screen, waitFor } from '@testing-library/react';
import { Suspense } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsQuery, useChatThreads, useSuspenseChatThreads } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('query-options factories', () => {
  it('work with prefetchInfiniteQuery, setQueryData and getQueryData', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 3, topic: 'T' });
    const h = harness(emu, users[0]!);
    const options = threadsQuery(h.scope, { pageSize: 2 });
    await h.queryClient.prefetchInfiniteQuery(options);
    const data = h.queryClient.getQueryData(options.queryKey);
    expect(data?.pages[0]?.items.map((t) => t.topic)).toEqual(['T 3', 'T 2']);
    // The hook reads what was prefetched: no request.
    h.queryClient.setDefaultOptions({ queries: { staleTime: 60_000 } });
    const { result } = renderChatHook(h, () => useChatThreads({ pageSize: 2 }));
    expect(result.current.threads.map((t) => t.topic)).toEqual(['T 3', 'T 2']);
    // A fetch would have started in the mount (its request reaches the emulator only later).
    expect(result.current.isFetching).toBe(false);

    h.queryClient.setQueryData(options.queryKey, (old) =>
      old ? { ...old, pages: [{ items: [{ id: 'x', topic: 'Set' }] }] } : old,
    );
    await waitFor(() => expect(result.current.threads.map((t) => t.topic)).toEqual(['Set']));
  });
});

describe('useSuspenseChatThreads', () => {
  it('suspends until the first page is in', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 2, topic: 'S' });
    const h = harness(emu, users[0]!);
    function Inbox() {
      const { threads } = useSuspenseChatThreads();
      return <p>{threads.map((t) => t.topic).join(',')}</p>;
    }
    const Wrapper = h.wrapper;
    render(
      <Wrapper>
        <Suspense fallback={<p>loading</p>}>
          <Inbox />
        </Suspense>
      </Wrapper>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await screen.findByText('S 2,S 1');
  });
});
