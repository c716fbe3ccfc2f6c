import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import type { ReactNode } from 'react';
import { useChatThreads } from '../src/react/index.ts';
import { Conversation } from './conversation/Conversation.tsx';
import { demoCast } from './support/cast.ts';
import { emulatorFaults, threadPath } from './support/emulator-admin.ts';
import { uniqueTopic } from './support/play.ts';
import { realAcsEndpoint } from './support/session.ts';

/** The lowest "(#n)" among the messages on screen: the seeded messages are numbered. */
const oldestNumber = (log: HTMLElement) =>
  Math.min(...[...(log.textContent ?? '').matchAll(/\(#(\d+)\)/g)].map((m) => Number(m[1])));

/** On a real ACS resource the seeded thread does not exist: open the user's newest thread. */
function NewestConversation(): ReactNode {
  const { threads, isPending } = useChatThreads({ pageSize: 1 });
  if (isPending) return <p role="status">Loading threads…</p>;
  const newest = threads[0];
  return newest ? <Conversation threadId={newest.id} /> : <p>No threads yet.</p>;
}

const meta = {
  title: 'Screens/Conversation',
  component: Conversation,
  render: (args) =>
    realAcsEndpoint() === undefined ? <Conversation {...args} /> : <NewestConversation />,
  tags: ['!autodocs'],
  args: { threadId: demoCast.conversationThreadId },
} satisfies Meta<typeof Conversation>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The seeded conversation (120 messages, six people); on a real ACS resource, the newest thread. */
export const Default: Story = {
  play: async ({ canvas, userEvent, step }) => {
    const log = await canvas.findByRole('log', { name: 'Messages' }, { timeout: 10_000 });
    await step('the newest messages, and who has read them', async () => {
      await expect(await within(log).findByText(/\(#120\)$/)).toBeVisible();
      await expect(await canvas.findByText('Seen by Grace Hopper, Alan Turing')).toBeVisible();
    });
    await step('scrolling up loads older pages', async () => {
      const before = oldestNumber(log);
      await expect(before).toBeGreaterThan(1);
      log.scrollTop = 0;
      await waitFor(() => expect(oldestNumber(log)).toBeLessThan(before), { timeout: 5000 });
    });
    const text = uniqueTopic('Hello from the play function');
    await step('a sent message shows at once, then is confirmed', async () => {
      if (realAcsEndpoint() === undefined) {
        const path = `${threadPath(demoCast.conversationThreadId)}/messages`;
        await emulatorFaults.add({ method: 'POST', path, latencyMs: 600, times: 1 });
      }
      await userEvent.type(canvas.getByLabelText('Message'), text);
      await userEvent.keyboard('{Enter}');
      await expect(await within(log).findByText(text)).toBeVisible();
      await expect(within(log).getByText('Sending…')).toBeVisible();
      await waitFor(() => expect(within(log).queryByText('Sending…')).toBeNull(), {
        timeout: 5000,
      });
      await expect(canvas.getByRole('status', { name: 'Typing indicator' })).toHaveTextContent(
        /the others were told/,
      );
    });
    const edited = `${text} (changed)`;
    await step('editing it', async () => {
      await userEvent.click(canvas.getByRole('button', { name: `Edit “${text}”` }));
      const input = canvas.getByLabelText('Edit message');
      await userEvent.clear(input);
      await userEvent.type(input, `${edited}{Enter}`);
      await expect(await within(log).findByText(edited)).toBeVisible();
      await expect(await within(log).findByText('(edited)')).toBeVisible();
    });
    await step('deleting it', async () => {
      await userEvent.click(canvas.getByRole('button', { name: `Delete “${edited}”` }));
      await waitFor(() => expect(within(log).queryByText(edited)).toBeNull());
    });
    await step('the participants panel: remove someone, add them back', async () => {
      const people = canvas.getByRole('list', { name: 'Participants' });
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(6));
      await userEvent.click(canvas.getByRole('button', { name: 'Remove Margaret Hamilton' }));
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(5));
      await userEvent.selectOptions(canvas.getByLabelText('Add someone'), 'Margaret Hamilton');
      await userEvent.click(canvas.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(6));
    });
    await step('the panel can be hidden from the keyboard', async () => {
      const toggle = canvas.getByRole('button', { name: 'Hide participants' });
      toggle.focus();
      await userEvent.keyboard('{Enter}');
      await expect(canvas.getByRole('button', { name: 'Show participants' })).toHaveAttribute(
        'aria-expanded',
        'false',
      );
    });
  },
};
