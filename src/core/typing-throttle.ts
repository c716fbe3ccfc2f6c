// The typing-notification throttle: at most one notification per thread every 8 s, as the official
// SDK, and a sent message starts the interval afresh. A ChatClient holds one, shared by every
// ChatThreadClient it hands out, so the rule holds however many thread clients an app makes (React
// components make one each). A ChatClient authenticates one user, so per thread is per thread and user.

/** The official SDK sends at most one typing notification per 8 seconds; so do we. */
export const typingNotificationIntervalMs = 8000;

export class TypingThrottle {
  readonly #lastSent = new Map<string, number>();

  /** Takes the thread's slot and returns its time, or undefined when a notification went out within the interval. */
  claim(threadId: string): number | undefined {
    const now = Date.now();
    // Forget threads whose interval has passed, so the map holds only recent ones.
    for (const [thread, sent] of this.#lastSent)
      if (now - sent >= typingNotificationIntervalMs) this.#lastSent.delete(thread);
    if (this.#lastSent.has(threadId)) return undefined;
    this.#lastSent.set(threadId, now);
    return now;
  }

  /** Gives the slot back after a notification failed, unless another has taken it since. */
  release(threadId: string, claimed: number): void {
    if (this.#lastSent.get(threadId) === claimed) this.#lastSent.delete(threadId);
  }

  /** A message was sent: the next keystroke may notify again at once. */
  reset(threadId: string): void {
    this.#lastSent.delete(threadId);
  }
}
