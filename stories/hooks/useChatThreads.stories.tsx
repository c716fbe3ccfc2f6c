// #region demo
import { useChatThreads } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ThreadsDemo() {
  const threads = useChatThreads({ pageSize: 5 });
  return (
    <>
      <StateTable
        values={{
          status: threads.status,
          fetchStatus: threads.fetchStatus,
          hasNextPage: threads.hasNextPage,
          loaded: threads.threads.length,
          error: threads.error,
        }}
      />
      <ul aria-label="Threads">
        {threads.threads.map((thread) => (
          <li key={thread.id}>{thread.topic}</li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        disabled={!threads.hasNextPage || threads.isFetchingNextPage}
        onClick={() => void threads.fetchNextPage()}
      >
        {threads.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </button>
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatThreads.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatThreads',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: () => (
    <HookFrame
      name="useChatThreads"
      summary="The signed-in user's threads as one flat list across the pages fetched so far (newest activity first, deleted ones hidden), with TanStack's fetchNextPage, hasNextPage and status."
      code={code}
    >
      <ThreadsDemo />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'status', 'success');
    const list = canvas.getByRole('list', { name: 'Threads' });
    // Up to 5: threads deleted by other stories are still listed by the service, and hidden.
    const first = within(list).getAllByRole('listitem').length;
    await expect(first).toBeGreaterThan(2);
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(within(list).getAllByRole('listitem').length).toBeGreaterThan(first),
    );
    await expectState(canvasElement, 'fetchStatus', 'idle');
  },
};
