import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { editThreadLists } from './list-caches.ts';
import { removeThreads, restoreThread, type ThreadListData } from './thread-lists.ts';
import { useScope } from './use-chat-scope.ts';

interface DeleteContext {
  snapshot: Array<[QueryKey, ThreadListData | undefined]>;
}

/**
 * Deletes a thread, optimistically: it leaves every cached thread list (all page sizes) as soon as
 * `mutate` is called; if the service fails, it goes back to every list in its old place. Pending
 * deletions are visible elsewhere through `useMutationState({ filters: { mutationKey:
 * chatKeys(scope).mutations.deleteThread(), status: 'pending' } })`; variables are thread ids.
 * Deleting a thread that is already gone succeeds, as with the service.
 */
export function useDeleteChatThread(options: ChatMutationOptions<void, string> = {}) {
  const scope = useScope('useDeleteChatThread');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  const lists = { queryKey: keys.threadLists() };
  const hide = (threadId: string) =>
    editThreadLists(queryClient, keys, (data) => removeThreads(data, new Set([threadId])));
  return useMutation<void, ChatError, string, DeleteContext>({
    ...options,
    mutationKey: keys.mutations.deleteThread(),
    mutationFn: (threadId) => scope.client.deleteChatThread(threadId),
    onMutate: async (threadId) => {
      // Snapshot and hide before anything awaits, so the thread is gone in the render that shows
      // the mutation pending; then stop list fetches in flight from bringing it back.
      const snapshot = queryClient.getQueriesData<ThreadListData>(lists);
      hide(threadId);
      await queryClient.cancelQueries(lists);
      hide(threadId); // a cancelled fetch restores the data it started from
      return { snapshot };
    },
    onError: (_error, threadId, context) => {
      // Put back only this thread, where it was: restoring whole snapshots would undo the
      // rollbacks and deletions of other deletes running at the same time.
      for (const [key, before] of context?.snapshot ?? []) {
        if (before === undefined) continue;
        queryClient.setQueryData<ThreadListData>(key, (current) =>
          current === undefined ? current : restoreThread(current, before, threadId),
        );
      }
    },
    onSuccess: (_data, threadId) => {
      queryClient.removeQueries({ queryKey: keys.threadScope(threadId) });
    },
    onSettled: () => {
      // The last deletion to settle revalidates; earlier ones would refetch lists mid-flight.
      if (queryClient.isMutating({ mutationKey: keys.mutations.deleteThread() }) > 1) return;
      return queryClient.invalidateQueries(lists);
    },
  });
}
