// The codes a ChatError carries. The service names its own (`Unauthorized`, `NotFound`, and codes
// this library cannot list), so the union stays open; the ones this library produces are listed,
// so a `switch` on them is checked and autocompleted.

/** Codes this library produces itself, without a service answer to quote. */
export type ChatClientErrorCode =
  /** An argument was refused before any request: `ChatValidationError`. */
  | 'InvalidArgument'
  /** The client was closed: `ChatClientClosedError`. */
  | 'ClientClosed'
  /** An attempt or the whole call (`totalTimeout`) ran out of time. */
  | 'Timeout'
  /** The service could not be reached, or the connection broke during the response. */
  | 'NetworkError'
  /** The response could not be read: not JSON, a required field missing, a paging loop. */
  | 'InvalidResponse'
  /** The response was larger than the client's `maxResponseBytes`. */
  | 'ResponseTooLarge'
  /** The service answered with a redirect, which the client never follows. */
  | 'UnexpectedRedirect'
  /** A `nextLink` or continuation token pointed at another origin or carried user credentials. */
  | 'UntrustedNextLink'
  /** The request failed for another reason before the service answered; see `cause`. */
  | 'RequestFailed'
  /** The credential's `getToken` gave something that cannot be an access token. */
  | 'InvalidToken'
  /** The credential's `tokenRefresher` threw. */
  | 'TokenRefreshFailed'
  /** The `tokenRefresher` returned a token that had already expired. */
  | 'TokenExpired'
  /** The credential was disposed. */
  | 'CredentialDisposed'
  /** A typing notification failed (from the React layer's `useTypingNotifier`). */
  | 'TypingNotificationFailed';

/** Codes named after the HTTP status when the service's answer carries no code of its own. */
export type ChatHttpStatusErrorCode =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'RequestTimeout'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'TooManyRequests'
  | 'InternalServerError'
  | 'BadGateway'
  | 'ServiceUnavailable'
  | 'GatewayTimeout'
  | `HttpStatus${number}`;

/** Every code a `ChatError` can carry: ours, status names, or the service's own code. */
export type ChatErrorCode = ChatClientErrorCode | ChatHttpStatusErrorCode | (string & {});
