// How a call ends when something outside it says stop: the caller's AbortSignal, close(), a
// timeout. Every wait in a call races its scope's signal, so a response body that never ends or a
// token source that never answers cannot keep the call pending. The scope forwards aborts through
// plain listeners on its source signals and a timer of its own: unlike AbortSignal.any(), whose
// result its sources hold only weakly, nothing here can be garbage-collected while the call runs.

/** The reason a scope aborts with when its time is up: a DOMException named TimeoutError, as fetch uses. */
export function timeoutReason(message: string): DOMException {
  return new DOMException(message, 'TimeoutError');
}

export function isTimeoutReason(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error as Error);
      },
    );
  });
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return abortable(elapsed, signal).finally(() => clearTimeout(timer));
}

export class CallScope {
  readonly #controller = new AbortController();
  readonly #undo: Array<() => void> = [];

  /** Aborts when any of `sources` aborts (with its reason), or after `timeoutMs` with a TimeoutError. */
  constructor(
    sources: ReadonlyArray<AbortSignal | undefined>,
    timeoutMs: number | false,
    timeoutMessage = 'The call timed out.',
  ) {
    for (const source of sources) {
      if (!source) continue;
      if (source.aborted) {
        this.#controller.abort(source.reason);
        return;
      }
      const forward = () => this.#controller.abort(source.reason);
      source.addEventListener('abort', forward, { once: true });
      this.#undo.push(() => source.removeEventListener('abort', forward));
    }
    if (timeoutMs !== false) {
      const timer = setTimeout(
        () => this.#controller.abort(timeoutReason(timeoutMessage)),
        timeoutMs,
      );
      this.#undo.push(() => clearTimeout(timer));
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return abortable(promise, this.#controller.signal);
  }

  /** Detaches from the sources and clears the timer; call it when the call settles. */
  end(): void {
    for (const undo of this.#undo.splice(0)) undo();
  }
}
