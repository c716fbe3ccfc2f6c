import type { MutateOptions, UseMutationResult } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * The mutation with `mutate` and `mutateAsync` that complete the variables (an idempotency token,
 * a local message id) once per call, before TanStack sees them, so its retries repeat the same
 * request. `prepare` must be stable (a module-level function).
 */
export function usePreparedVariables<TData, TError, TVariables extends object, TContext>(
  mutation: UseMutationResult<TData, TError, TVariables, TContext>,
  prepare: (variables: TVariables) => TVariables,
): UseMutationResult<TData, TError, TVariables, TContext> {
  // TanStack types these with rest parameters that stay unresolved for a generic TVariables; the
  // hooks using this always pass an object, so the plain two-argument form is what they call.
  type Call<R> = (
    variables: TVariables,
    options?: MutateOptions<TData, TError, TVariables, TContext>,
  ) => R;
  const raw = mutation.mutate as Call<void>;
  const rawAsync = mutation.mutateAsync as Call<Promise<TData>>;
  const mutate = useCallback<Call<void>>(
    (variables, options) => raw(prepare(variables), options),
    [raw, prepare],
  );
  const mutateAsync = useCallback<Call<Promise<TData>>>(
    (variables, options) => rawAsync(prepare(variables), options),
    [rawAsync, prepare],
  );
  return Object.assign(mutation, {
    mutate: mutate as typeof mutation.mutate,
    mutateAsync: mutateAsync as typeof mutation.mutateAsync,
  });
}
