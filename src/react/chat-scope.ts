import type { ChatClient } from '../core/index.ts';

/**
 * What the query keys and options factories need: the client, and the endpoint and user that root
 * every key (so two users, or two resources, never share cached data).
 */
export interface ChatScope {
  /** Read when a request runs, not when options are built: the provider may replace a closed client. */
  readonly client: ChatClient;
  readonly endpoint: string;
  /** The ACS user id (`8:acs:...`) the client acts as. */
  readonly userId: string;
}

/** The part of a scope that query keys use. */
export type ChatKeyScope = Pick<ChatScope, 'endpoint' | 'userId'>;
