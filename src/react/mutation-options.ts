import type { UseMutationOptions } from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';

/**
 * What a caller may tune on the library's mutations. The life-cycle callbacks stay ours (they keep
 * the caches right); pass your own to `mutate(variables, { onSuccess, onError, onSettled })`.
 */
export type ChatMutationOptions<TData, TVariables> = Omit<
  UseMutationOptions<TData, ChatError, TVariables>,
  'mutationFn' | 'mutationKey' | 'onMutate' | 'onSuccess' | 'onError' | 'onSettled'
>;
