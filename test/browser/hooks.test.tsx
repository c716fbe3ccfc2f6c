// The thread hooks rendered in Chromium against the emulator on another origin: the same code a
// browser app runs, with real CORS, real fetch and real clicks, no jsdom.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
  isChatError,
  useChatThreads,
  useCreateChatThread,
  useDeleteChatThread,
} from '../../src/react/index.ts';
import { gate, holdingFetch } from '../support/holding-fetch.ts';
import { addFault, createUser, emulatorUrl, seedThreads, type BrowserUser } from './support.ts';

const open: ChatClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of open.splice(0)) client.close();
});

const isList = (request: Request) =>
  request.method === 'GET' && /\/chat\/threads(\?|$)/.test(request.url);

/**
 * A provider for `user` whose client counts list requests (to show what was not refetched) and
 * holds each request until the promise `hold` gives for it settles.
 */
function setup(
  user: BrowserUser,
  hold: (request: Request) => Promise<unknown> | undefined = () => undefined,
) {
  const calls = { lists: 0 };
  const client = new ChatClient(emulatorUrl, new CommunicationTokenCredential(user.token), {
    retryOptions: { retryDelayInMs: 50 },
    fetch: holdingFetch((request) => {
      if (isList(request)) calls.lists++;
      return hold(request);
    }),
  });
  open.push(client);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ChatProvider client={client} userId={user.userId} realtime={false}>
        {children}
      </ChatProvider>
    </QueryClientProvider>
  );
  return { calls, wrapper };
}

const topicsOf = (threads: Array<{ topic: string }>) => threads.map((t) => t.topic);

describe('thread hooks in Chromium, cross-origin', () => {
  it('useChatThreads pages through nextLink to the end and stops', async () => {
    const ann = await createUser();
    await seedThreads([ann.userId], 5, 'Paged');
    const { wrapper, calls } = setup(ann);
    const { result } = renderHook(() => useChatThreads({ pageSize: 2 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    while (result.current.hasNextPage) {
      await act(() => result.current.fetchNextPage());
    }
    expect(topicsOf(result.current.threads)).toEqual([
      'Paged 5',
      'Paged 4',
      'Paged 3',
      'Paged 2',
      'Paged 1',
    ]);
    expect(calls.lists).toBe(3);
  });

  it('useCreateChatThread puts the new thread on top without refetching the list', async () => {
    const ann = await createUser();
    await seedThreads([ann.userId], 2, 'Old');
    const { wrapper, calls } = setup(ann);
    const { result } = renderHook(
      () => ({ list: useChatThreads(), create: useCreateChatThread() }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const before = calls.lists;
    const created = await act(() =>
      result.current.create.mutateAsync({
        topic: 'New',
        participants: [{ id: { communicationUserId: '8:acs:not-a-user' } }],
      }),
    );
    expect(created.invalidParticipants?.length).toBe(1);
    expect(topicsOf(result.current.list.threads)).toEqual(['New', 'Old 2', 'Old 1']);
    expect(calls.lists).toBe(before);
  });

  it('useDeleteChatThread hides the thread before the answer and restores it in place on failure', async () => {
    const ann = await createUser();
    await seedThreads([ann.userId], 3, 'Keep');
    const deleteHeld = gate();
    const refetchHeld = gate();
    let failed = false;
    const { wrapper, calls } = setup(ann, (request) => {
      if (request.method === 'DELETE') return deleteHeld.opened;
      return failed && isList(request) ? refetchHeld.opened : undefined;
    });
    const { result } = renderHook(
      () => ({ list: useChatThreads(), remove: useDeleteChatThread() }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const middle = result.current.list.threads[1]!;
    // Failing on every attempt. The DELETE is held until the optimistic state is seen, and the
    // list refetch after the failure until the rollback is seen: only the rollback restores it.
    await addFault({
      method: 'DELETE',
      path: `/chat/threads/${encodeURIComponent(middle.id)}`,
      status: 500,
      times: 4,
    });
    let settled: Promise<unknown> = Promise.resolve();
    act(() => {
      settled = result.current.remove.mutateAsync(middle.id).catch((error: unknown) => error);
    });
    await waitFor(() =>
      expect(topicsOf(result.current.list.threads)).toEqual(['Keep 3', 'Keep 1']),
    );
    expect(result.current.remove.isPending).toBe(true); // hidden while the service has not answered
    const listsBefore = calls.lists;
    failed = true;
    deleteHeld.open();
    await waitFor(() => expect(calls.lists).toBeGreaterThan(listsBefore)); // the refetch, held
    await waitFor(() =>
      expect(topicsOf(result.current.list.threads)).toEqual(['Keep 3', 'Keep 2', 'Keep 1']),
    );
    refetchHeld.open();
    const error = await settled;
    expect(isChatError(error) && error.statusCode).toBe(500);
    expect(topicsOf(result.current.list.threads)).toEqual(['Keep 3', 'Keep 2', 'Keep 1']);
  });

  it('a rendered list: a real click deletes a thread for good', async () => {
    const ann = await createUser();
    await seedThreads([ann.userId], 2, 'Row');
    const deleteHeld = gate();
    const { wrapper, calls } = setup(ann, (request) =>
      request.method === 'DELETE' ? deleteHeld.opened : undefined,
    );
    function Threads() {
      const { threads, isPending, isFetching } = useChatThreads();
      const remove = useDeleteChatThread();
      if (isPending) return <p>Loading</p>;
      return (
        <ul aria-label="Threads" aria-busy={isFetching} data-delete={remove.status}>
          {threads.map((thread) => (
            <li key={thread.id}>
              {thread.topic}
              <button onClick={() => remove.mutate(thread.id)}>Delete {thread.topic}</button>
            </li>
          ))}
        </ul>
      );
    }
    render(<Threads />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Row 2' }));
    await waitFor(() => expect(screen.queryByText('Row 2')).toBeNull());
    const listsBefore = calls.lists;
    deleteHeld.open();
    const list = screen.getByRole('list', { name: 'Threads' });
    await waitFor(() => expect(list.dataset.delete).toBe('success'));
    // No refetch: the cache already lists what the server holds (the thread, deleted, hidden).
    expect(calls.lists).toBe(listsBefore);
    expect(screen.getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual([
      'Row 1',
    ]);
    // For good: the service lists it as deleted.
    const server = new ChatClient(emulatorUrl, new CommunicationTokenCredential(ann.token));
    open.push(server);
    const listed = (await server.listChatThreads().page()).items;
    expect(listed.filter((t) => t.deletedOn === undefined).map((t) => t.topic)).toEqual(['Row 1']);
  });
});
