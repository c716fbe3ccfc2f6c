// #region demo
import { useMutationState } from '@tanstack/react-query';
import {
  chatKeys,
  useChatScope,
  useChatThreads,
  useDeleteChatThread,
} from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function DeleteDemo() {
  const { threads } = useChatThreads({ pageSize: 5 });
  const remove = useDeleteChatThread();
  // Any component can see deletions in flight through the mutation key.
  const pending = useMutationState({
    filters: { mutationKey: chatKeys(useChatScope()).mutations.deleteThread(), status: 'pending' },
    select: (mutation) => mutation.state.variables as string,
  });
  return (
    <>
      <ul aria-label="Threads">
        {threads.map((thread) => (
          <li key={thread.id}>
            {thread.topic}{' '}
            <button
              type="button"
              className="button button--quiet"
              onClick={() => remove.mutate(thread.id)}
            >
              Delete {thread.topic}
            </button>
          </li>
        ))}
      </ul>
      <StateTable
        values={{ status: remove.status, pendingDeletions: pending.length, error: remove.error }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { storyFaults } from '../support/emulator-admin.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useDeleteChatThread.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useDeleteChatThread',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useDeleteChatThread"
      summary="Deletes a thread optimistically: it leaves every cached list at once; if the service fails, the lists are put back exactly; on settle they are revalidated. Pending deletions are visible to any component through useMutationState."
      code={code}
    >
      <ScratchThread>{() => <DeleteDemo />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async (context) => {
    const { canvas, canvasElement, userEvent } = context;
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    const button = await canvas.findByRole(
      'button',
      { name: /^Delete Scratch/ },
      { timeout: 8000 },
    );
    const topic = button.textContent!.replace(/^Delete /, '');
    // Slow deletes down, so the pending state is there to see.
    await storyFaults(context)?.add({ method: 'DELETE', latencyMs: 800, times: 1 });
    await userEvent.click(button);
    await expectState(canvasElement, 'pendingDeletions', '1');
    const row = () => canvas.queryByRole('button', { name: `Delete ${topic}` });
    await expect(row()).toBeNull(); // gone before the service answered
    await expectState(canvasElement, 'status', 'success');
    await waitFor(() => expect(row()).toBeNull());
  },
};
