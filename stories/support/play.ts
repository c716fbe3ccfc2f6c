// Small helpers for play functions: what a user does with a mouse wheel, and waiting for it.
import { expect, waitFor } from 'storybook/test';

/** Scrolls the thread list to its end, as a user dragging to the bottom would. */
export function scrollListToEnd(root: HTMLElement, label = 'Threads, scrollable'): void {
  const scroller = root.querySelector<HTMLElement>(`[aria-label="${label}"]`);
  if (scroller === null) throw new Error(`No scrollable element labelled ${label}`);
  scroller.scrollTop = scroller.scrollHeight;
}

export function scrollListToTop(root: HTMLElement, label = 'Threads, scrollable'): void {
  const scroller = root.querySelector<HTMLElement>(`[aria-label="${label}"]`);
  if (scroller !== null) scroller.scrollTop = 0;
}

/** Waits until the list's status line says `text` (e.g. '40 threads loaded'). */
export async function expectListStatus(root: HTMLElement, text: string, timeout = 10_000) {
  await waitFor(
    () => {
      const status = root.querySelector('[aria-label="List status"]');
      return expect(status?.textContent ?? '').toContain(text);
    },
    { timeout },
  );
}

/** Unique topics, so a play function finds its own thread whatever ran before. */
export const uniqueTopic = (prefix: string) =>
  `${prefix} ${new Date().toISOString().slice(11, 19)}.${Math.floor(Math.random() * 1000)}`;

/** How many threads the list's status line says are loaded. */
export function loadedCount(root: HTMLElement): number {
  const status = root.querySelector('[aria-label="List status"]')?.textContent ?? '';
  return Number(/^(\d+) thread/.exec(status)?.[1] ?? NaN);
}
