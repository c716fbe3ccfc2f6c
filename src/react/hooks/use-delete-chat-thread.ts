import { useMutation, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ChatThreadItem } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import {
  patchThread,
  removeThreads,
  restoreThread,
  type ThreadListData,
  editThreadLists,
} from '../cache/thread-lists.ts';
import { useScope } from '../chat-provider.tsx';
import { buryThread } from '../records/tombstones.ts';
import type { ChatScope } from '../types.ts';

// QueryClients with a delete that failed since their lists were last revalidated.
const failedSinceRevalidation = new WeakSet<QueryClient>();

type Snapshot = Array<[QueryKey, ThreadListData | undefined]>;

/** Puts the thread back in each list where the snapshot had it (changed by `patch`). */
function putBack(
  client: QueryClient,
  snapshot: Snapshot | undefined,
  threadId: string,
  patch?: Partial<ChatThreadItem>,
) {
  for (const [key, before] of snapshot ?? []) {
    if (before === undefined) continue;
    const source = patch ? patchThread(before, threadId, patch) : before;
    client.setQueryData<ThreadListData>(key, (current) =>
      current === undefined ? current : restoreThread(current, source, threadId),
    );
  }
}

/**
 * Deletes a thread (`mutate(threadId)`), optimistically: it leaves every cached thread list (all
 * page sizes) as soon as `mutate` is called; if the service fails, it goes back to every list in its
 * old place (and the lists are then revalidated). Pending deletions are visible elsewhere through `useMutationState({ filters: {
 * mutationKey: chatKeys(scope).mutations.deleteThread(), status: 'pending' } })`; variables are
 * thread ids. Deleting a thread that is already gone succeeds, as with the service.
 */
export function deleteThreadMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  const lists = { queryKey: keys.threadLists() };
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.deleteThread(),
      mutationFn: (threadId: string) => scope.client.deleteChatThread(threadId),
      onMutate: async (threadId, { client }) => {
        const hide = () =>
          editThreadLists(client, keys, (data) => removeThreads(data, new Set([threadId])));
        // Snapshot and hide before anything awaits, so the thread is gone in the render that
        // shows the mutation pending; then stop list fetches in flight from bringing it back.
        const snapshot: Snapshot = client.getQueriesData<ThreadListData>(lists);
        hide();
        await client.cancelQueries(lists);
        hide(); // a cancelled fetch restores the data it started from
        return snapshot;
      },
      onError: (_error, threadId, snapshot, { client }) => {
        failedSinceRevalidation.add(client);
        // Put back only this thread, where it was: restoring whole snapshots would undo the
        // rollbacks and deletions of other deletes running at the same time.
        putBack(client, snapshot, threadId);
      },
      onSuccess: (_data, threadId, snapshot, { client }) => {
        buryThread(client, scope, threadId, new Date()); // a late created event cannot list it
        client.removeQueries({ queryKey: keys.threadScope(threadId) });
        // The service keeps listing a deleted thread, with deletedOn, in its place: so do the
        // caches (lists hide it unless includeDeleted), and nothing needs a refetch.
        putBack(client, snapshot, threadId, { deletedOn: new Date() });
      },
      onSettled: (_threadId, { client }) => {
        // A successful delete leaves the lists as the service has them: nothing to refetch. After
        // a failure, the last deletion to settle revalidates (earlier ones would refetch lists
        // mid-flight), in case the service changed while the rollback put the thread back.
        if (client.isMutating({ mutationKey: keys.mutations.deleteThread() }) > 1) return;
        if (!failedSinceRevalidation.delete(client)) return;
        return client.invalidateQueries(lists);
      },
    },
    options,
  );
}

/** `useMutation(deleteThreadMutation(scope, options))`: see deleteThreadMutation. */
export function useDeleteChatThread<TOnMutateResult = unknown>(
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  return useMutation(deleteThreadMutation(useScope('useDeleteChatThread'), options));
}
