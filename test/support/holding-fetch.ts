// Holding a request back lets a test look at the screen while that request is certainly still
// unanswered (an optimistic state, a rollback before the refetch), with no sleeps and no latency
// faults. The request itself still goes to the emulator over HTTP.

/** A promise the test settles when it chooses: what `holdingFetch` holds a request until. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A fetch that sends each request on unchanged once the promise `holdUntil` gives for it settles
 * (at once for undefined).
 */
export function holdingFetch(
  holdUntil: (request: Request) => Promise<unknown> | undefined,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    await holdUntil(request);
    return fetch(request);
  };
}
