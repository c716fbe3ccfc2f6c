export interface ChatRetryOptions {
  /** Retries after the first attempt. Default 3, as the Azure SDKs. */
  maxRetries?: number;
  /** First back-off delay; doubles each retry. Default 1000 ms. */
  retryDelayInMs?: number;
  /** Cap on one back-off delay. Default 64000 ms. */
  maxRetryDelayInMs?: number;
}

export interface ChatClientOptions {
  /** Default '2025-03-15'. */
  apiVersion?: string;
  retryOptions?: ChatRetryOptions;
  /** Per attempt, in ms; `false` for none. Default 30000. */
  timeout?: number | false;
  /** Bound on a whole call including retries, in ms. Default none. */
  totalTimeout?: number | false;
  /**
   * The largest response body the client reads, in bytes; a larger one fails with
   * `ResponseTooLarge` instead of being buffered. Default 16 MiB.
   */
  maxResponseBytes?: number;
  /** A Fetch API implementation, e.g. for instrumentation or SSR. Default `globalThis.fetch`. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}
