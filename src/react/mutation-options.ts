// The library's mutations as TanStack mutation options, with the caller's options composed in: the
// caller may tune anything (retry, meta, scope, gcTime, ...) and add life-cycle callbacks, which
// run after the library's own (those keep the caches right), never instead of them.
import {
  mutationOptions,
  type MutationFunctionContext,
  type MutationKey,
  type UseMutationOptions,
} from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';

/** What a caller passes to a mutation factory or hook: TanStack's options but key and function. */
export type ChatMutationOptions<TData, TVariables, TOnMutateResult = unknown> = Omit<
  UseMutationOptions<TData, ChatError, TVariables, TOnMutateResult>,
  'mutationKey' | 'mutationFn'
>;

/**
 * A library mutation. `onMutate` may return per-call state (a snapshot, an idempotency token): the
 * function and the other callbacks of that call get it, TanStack's retries included. It is kept
 * apart from the caller's `onMutate` result, which stays the caller's `context`.
 */
export interface OwnMutation<TData, TVariables, TState> {
  mutationKey: MutationKey;
  mutationFn: (variables: TVariables, state: TState | undefined) => Promise<TData>;
  onMutate?: (variables: TVariables, context: MutationFunctionContext) => TState | Promise<TState>;
  onSuccess?: (
    data: TData,
    variables: TVariables,
    state: TState | undefined,
    context: MutationFunctionContext,
  ) => unknown;
  onError?: (
    error: ChatError,
    variables: TVariables,
    state: TState | undefined,
    context: MutationFunctionContext,
  ) => unknown;
  onSettled?: (variables: TVariables, context: MutationFunctionContext) => unknown;
}

// TanStack passes one context object to every step of one `mutate` call (retries included): it
// keys the call's state. Module-wide, because a hook builds new options on every render and
// TanStack hands the running mutation the latest ones.
const states = new WeakMap<MutationFunctionContext, unknown>();

export function chatMutationOptions<TData, TVariables, TState, TOnMutateResult>(
  own: OwnMutation<TData, TVariables, TState>,
  options: ChatMutationOptions<TData, TVariables, TOnMutateResult> = {},
) {
  const state = (context: MutationFunctionContext) => states.get(context) as TState | undefined;
  return mutationOptions<TData, ChatError, TVariables, TOnMutateResult>({
    ...options,
    mutationKey: own.mutationKey,
    mutationFn: (variables, context) => own.mutationFn(variables, state(context)),
    onMutate: async (variables, context) => {
      if (own.onMutate) states.set(context, await own.onMutate(variables, context));
      return options.onMutate?.(variables, context) as TOnMutateResult | Promise<TOnMutateResult>;
    },
    onSuccess: async (data, variables, result, context) => {
      await own.onSuccess?.(data, variables, state(context), context);
      await options.onSuccess?.(data, variables, result, context);
    },
    onError: async (error, variables, result, context) => {
      await own.onError?.(error, variables, state(context), context);
      await options.onError?.(error, variables, result, context);
    },
    onSettled: async (data, error, variables, result, context) => {
      await own.onSettled?.(variables, context);
      await options.onSettled?.(data, error, variables, result, context);
    },
  });
}
