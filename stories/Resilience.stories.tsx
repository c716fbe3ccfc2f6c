import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { Inbox } from './inbox/Inbox.tsx';
import { FaultControls } from './resilience/FaultControls.tsx';
import { NetworkActivity } from './resilience/NetworkActivity.tsx';
import { storyFaults } from './support/emulator-admin.ts';
import { uniqueTopic } from './support/play.ts';

/**
 * The Inbox next to controls that make the emulator slow, throttle (429 with Retry-After) or fail
 * (500, 503), and a log of every HTTP attempt: retries, optimistic deletes rolled back and errors
 * happen in front of you. Each story below shows one behaviour, in a visit of its own. The client here retries 3 times with back-off from 250 ms (default 1 s),
 * so a failure surfaces in under two seconds.
 */
function Resilience(): ReactNode {
  return (
    <div className="screen">
      {/* Without unread summaries: the log shows the list, create and delete requests alone. */}
      <Inbox summaries={false} />
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
type Context = Parameters<NonNullable<Story['play']>>[0];
type Canvas = Context['canvas'];

const threadsList = (canvas: Canvas) =>
  canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
const logOf = (canvas: Canvas) => canvas.getByRole('log', { name: 'Network activity' });

/** Picks a service behaviour and waits until the emulator has the rules. */
async function choose(context: Context, label: RegExp, rules: number) {
  await context.userEvent.click(context.canvas.getByRole('radio', { name: label }));
  const faults = storyFaults(context);
  if (faults) await waitFor(async () => expect((await faults.list()).length).toBe(rules));
}

/**
 * A healthy service, in an emulator of the visit's own: pick a behaviour on the right and use the
 * Inbox. Nothing you do here reaches another story or visit.
 */
export const Default: Story = {
  play: async ({ canvas }) => {
    await threadsList(canvas);
    await expect(canvas.getByRole('radio', { name: 'Healthy' })).toBeChecked();
    await expect(canvas.getByLabelText('Topic')).toHaveValue('');
    await expect(canvas.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(logOf(canvas)).toHaveTextContent(/GET\s*\/chat\/threads\s*200/));
    await expect(await canvas.findByText('None: the service is healthy.')).toBeVisible();
  },
};

/** Writes fail (500): a delete is retried three times, then rolled back. */
export const WritesFail: Story = {
  play: async (context) => {
    const { canvas, userEvent } = context;
    await threadsList(canvas);
    await choose(context, /Writes fail/, 2);
    const row = within(canvas.getByRole('list', { name: 'Threads' })).getAllByRole('listitem')[2]!;
    const topic = row.querySelector('.thread-row__topic')!.textContent!;
    await userEvent.click(within(row).getByRole('button', { name: `Delete ${topic}` }));
    await waitFor(() => expect(canvas.queryByText(topic)).toBeNull());
    const alert = await canvas.findByRole('alert', {}, { timeout: 8000 });
    await expect(alert).toHaveTextContent(`Could not delete “${topic}”`);
    await expect(await canvas.findByText(topic)).toBeVisible();
    // One attempt and three retries, each refused with 500.
    await expect(within(logOf(canvas)).getAllByText('retry')).toHaveLength(3);
  },
};

/** Slow (1.5 s a request): the create button shows the wait, then the thread arrives. */
export const Slow: Story = {
  play: async (context) => {
    const { canvas, userEvent } = context;
    await threadsList(canvas);
    await choose(context, /Slow/, 1);
    const topic = uniqueTopic('Slow');
    await userEvent.type(canvas.getByLabelText('Topic'), topic);
    await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
    await expect(await canvas.findByRole('button', { name: 'Creating…' })).toBeDisabled();
    await expect(await canvas.findByText(topic, {}, { timeout: 8000 })).toBeVisible();
  },
};

/** Throttled (429 with Retry-After): the client waits and retries, and the creates succeed. */
export const Throttled: Story = {
  play: async (context) => {
    const { canvas, userEvent } = context;
    await threadsList(canvas);
    await choose(context, /Throttled/, 1);
    for (const prefix of ['Throttled A', 'Throttled B']) {
      const topic = uniqueTopic(prefix);
      await userEvent.type(canvas.getByLabelText('Topic'), topic);
      await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
      await expect(await canvas.findByText(topic, {}, { timeout: 8000 })).toBeVisible();
    }
    // The rule's RNG is seeded, so which requests are throttled is the same every run.
    await expect(within(logOf(canvas)).getAllByText(/^429/).length).toBeGreaterThan(0);
  },
};

/**
 * Unavailable (503 to everything): after retries honouring Retry-After, creates fail. The log
 * marks only the client's own repeats as retries: a second create is a new request.
 */
export const Unavailable: Story = {
  play: async (context) => {
    const { canvas, userEvent } = context;
    await threadsList(canvas);
    await choose(context, /Unavailable/, 1);
    for (const prefix of ['Down A', 'Down B']) {
      await userEvent.type(canvas.getByLabelText('Topic'), uniqueTopic(prefix));
      await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
      await expect(await canvas.findByRole('button', { name: 'Creating…' })).toBeDisabled();
      const alert = await canvas.findByText(/Could not create the thread/, {}, { timeout: 8000 });
      await expect(alert).toHaveTextContent(/503|unavailable/i);
      await userEvent.clear(canvas.getByLabelText('Topic'));
    }
    // Each create: one attempt and three retries.
    const creates = [...logOf(canvas).querySelectorAll('li')].filter(
      (entry) => entry.children[1]?.textContent === 'POST',
    );
    await expect(creates).toHaveLength(8);
    await expect(creates.filter((entry) => within(entry).queryByText('retry'))).toHaveLength(6);
  },
};

/**
 * Real-time, and what a dropped connection costs: nothing. Drop every socket; the official client
 * reconnects, the badge goes back to Live, and the caches catch up on what was missed.
 */
export const Reconnect: Story = {
  parameters: {
    chat: { realtime: true, clientOptions: { retryOptions: { retryDelayInMs: 250 } } },
  },
  play: async ({ canvas, userEvent }) => {
    await threadsList(canvas);
    const badge = () => canvas.getByRole('status', { name: 'Connection' });
    await waitFor(() => expect(badge()).toHaveTextContent('Live'), { timeout: 20_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Drop real-time connections' }));
    await waitFor(() =>
      expect(canvas.getByRole('status', { name: 'Dropped connections' })).toHaveTextContent(
        'Dropped 1 connection.',
      ),
    );
    await waitFor(() => expect(badge()).toHaveTextContent('Live (reconnected 1×)'), {
      timeout: 20_000,
    });
  },
};
