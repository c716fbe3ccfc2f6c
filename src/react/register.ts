// Makes `ChatError` the error type TanStack Query reports for every query and mutation
// (`useQuery(...).error` is `ChatError | null`), so apps get `code` and `statusCode` without casts.
// Importing 'react-acs-chat' brings this declaration in; it changes types only, nothing at runtime.
// An app that registers its own `defaultError` should make it a supertype of ChatError.
import type { ChatError } from '../core/index.ts';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ChatError;
  }
}

export {};
