// Reading a hook story's state table in play functions.
import { expect, waitFor } from 'storybook/test';

export function stateOf(root: HTMLElement, key: string): string {
  return root.querySelector(`[data-state="${key}"]`)?.textContent ?? '';
}

/** Waits until the state field `key` reads `value`. */
export async function expectState(root: HTMLElement, key: string, value: string, timeout = 8000) {
  await waitFor(() => expect(stateOf(root, key)).toBe(value), { timeout });
}
