import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { Inbox } from './inbox/Inbox.tsx';
import { FaultControls } from './resilience/FaultControls.tsx';
import { NetworkActivity } from './resilience/NetworkActivity.tsx';
import { emulatorFaults } from './support/emulator-admin.ts';
import { uniqueTopic } from './support/play.ts';

/**
 * The Inbox next to controls that make the emulator slow, throttle (429 with Retry-After) or fail
 * (500, 503), and a log of every HTTP attempt: retries, optimistic deletes rolled back and errors
 * happen in front of you. The client here retries 3 times with back-off from 250 ms (default 1 s),
 * so a failure surfaces in under two seconds.
 */
function Resilience(): ReactNode {
  return (
    <div className="screen">
      <Inbox />
      <aside className="side" aria-label="Resilience controls">
        <FaultControls />
        <NetworkActivity />
      </aside>
    </div>
  );
}

const meta = {
  title: 'Screens/Resilience',
  component: Resilience,
  tags: ['!autodocs'],
  parameters: { chat: { clientOptions: { retryOptions: { retryDelayInMs: 250 } } } },
} satisfies Meta<typeof Resilience>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvas, userEvent, step }) => {
    const log = () => canvas.getByRole('log', { name: 'Network activity' });
    await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
    try {
      await step('writes fail: a delete is retried, then rolled back', async () => {
        await userEvent.click(canvas.getByRole('radio', { name: /Writes fail/ }));
        await waitFor(async () => expect((await emulatorFaults.list()).length).toBe(2));
        const row = within(canvas.getByRole('list', { name: 'Threads' })).getAllByRole(
          'listitem',
        )[2]!;
        const topic = row.querySelector('.thread-row__topic')!.textContent!;
        await userEvent.click(within(row).getByRole('button', { name: `Delete ${topic}` }));
        await waitFor(() => expect(canvas.queryByText(topic)).toBeNull());
        const alert = await canvas.findByRole('alert', {}, { timeout: 8000 });
        await expect(alert).toHaveTextContent(`Could not delete “${topic}”`);
        await expect(await canvas.findByText(topic)).toBeVisible();
        // One attempt and three retries, each refused with 500.
        await expect(within(log()).getAllByText('retry')).toHaveLength(3);
      });
      await step('slow: the create button shows the wait, then the thread arrives', async () => {
        await userEvent.click(canvas.getByRole('radio', { name: /Slow/ }));
        await waitFor(async () => expect((await emulatorFaults.list()).length).toBe(1));
        const topic = uniqueTopic('Slow');
        await userEvent.type(canvas.getByLabelText('Topic'), topic);
        await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
        await expect(await canvas.findByRole('button', { name: 'Creating…' })).toBeDisabled();
        await expect(await canvas.findByText(topic, {}, { timeout: 8000 })).toBeVisible();
      });
      await step(
        'throttled: 429s are waited out (Retry-After) and the creates succeed',
        async () => {
          await userEvent.click(canvas.getByRole('radio', { name: /Throttled/ }));
          await waitFor(async () => expect((await emulatorFaults.list()).length).toBe(1));
          for (const prefix of ['Throttled A', 'Throttled B']) {
            const topic = uniqueTopic(prefix);
            await userEvent.type(canvas.getByLabelText('Topic'), topic);
            await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
            await expect(await canvas.findByText(topic, {}, { timeout: 8000 })).toBeVisible();
          }
          // The rule's RNG is seeded, so which requests are throttled is the same every run.
          await expect(within(log()).getAllByText(/^429/).length).toBeGreaterThan(0);
        },
      );
      await step('unavailable: reads fail too, after retries honouring Retry-After', async () => {
        await userEvent.click(canvas.getByRole('radio', { name: /Unavailable/ }));
        await waitFor(async () => expect((await emulatorFaults.list()).length).toBe(1));
        const topic = uniqueTopic('Down');
        await userEvent.type(canvas.getByLabelText('Topic'), topic);
        await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
        const alert = await canvas.findByText(/Could not create the thread/, {}, { timeout: 8000 });
        await expect(alert).toHaveTextContent(/503|unavailable/i);
      });
    } finally {
      await userEvent.click(canvas.getByRole('radio', { name: 'Healthy' }));
      await emulatorFaults.clear();
    }
  },
};
