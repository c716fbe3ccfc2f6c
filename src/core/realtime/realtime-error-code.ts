// The codes ChatRealtimeClient's errors carry beyond those every ChatError can (the service's
// status names, `NetworkError`, `Timeout`, `InvalidResponse`, `CredentialDisposed`, ...).

export type ChatRealtimeErrorCode =
  /** `stop()` was called before the connection was made: what `start()` rejects with then. */
  | 'RealtimeStopped'
  /** The socket closed, went silent, or missed an acknowledgement; the client reconnects. */
  | 'ConnectionLost'
  /** The service refuses this kind of token for good (`skypetoken-deprecated`); the client stops. */
  | 'TokenDeprecated'
  /** The platform has no global fetch or WebSocket, and the options give none. */
  | 'RealtimeUnsupported'
  /** The service named a plain http:// or ws:// URL on a host that is not this machine. */
  | 'InsecureUrl';
