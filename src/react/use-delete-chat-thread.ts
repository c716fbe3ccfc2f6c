import { useMutation, type QueryKey } from '@tanstack/react-query';
import { chatKeys } from './chat-keys.ts';
import type { ChatScope } from './chat-provider.tsx';
import { chatMutationOptions, type ChatMutationOptions } from './mutation-options.ts';
import {
  removeThreads,
  restoreThread,
  type ThreadListData,
  editThreadLists,
} from './thread-lists.ts';
import { useScope } from './chat-provider.tsx';

/**
 * Deletes a thread (`mutate(threadId)`), optimistically: it leaves every cached thread list (all
 * page sizes) as soon as `mutate` is called; if the service fails, it goes back to every list in its
 * old place. Pending deletions are visible elsewhere through `useMutationState({ filters: {
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
        const snapshot: Array<[QueryKey, ThreadListData | undefined]> =
          client.getQueriesData<ThreadListData>(lists);
        hide();
        await client.cancelQueries(lists);
        hide(); // a cancelled fetch restores the data it started from
        return snapshot;
      },
      onError: (_error, threadId, snapshot, { client }) => {
        // Put back only this thread, where it was: restoring whole snapshots would undo the
        // rollbacks and deletions of other deletes running at the same time.
        for (const [key, before] of snapshot ?? []) {
          if (before === undefined) continue;
          client.setQueryData<ThreadListData>(key, (current) =>
            current === undefined ? current : restoreThread(current, before, threadId),
          );
        }
      },
      onSuccess: (_data, threadId, _snapshot, { client }) => {
        client.removeQueries({ queryKey: keys.threadScope(threadId) });
      },
      onSettled: (_threadId, { client }) => {
        // The last deletion to settle revalidates; earlier ones would refetch lists mid-flight.
        if (client.isMutating({ mutationKey: keys.mutations.deleteThread() }) > 1) return;
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
