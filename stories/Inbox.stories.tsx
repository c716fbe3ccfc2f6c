import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { Inbox } from './inbox/Inbox.tsx';
import { TwoInboxes } from './inbox/TwoInboxes.tsx';
import type { ChatStoryParameters } from './support/demo-chat.tsx';
import {
  bulkThreadCount,
  conversationTopic,
  refusedTopic,
  seededThreadCount,
  unreadByTopic,
} from './support/demo-constants.ts';
import { storyFaults, threadPath } from './support/emulator-admin.ts';
import { expectListStatus, loadedCount, scrollListToEnd, uniqueTopic } from './support/play.ts';
import { realAcsEndpoint, sessionAs, sessionOf } from './support/session.ts';
import { ChatClient } from '../src/core/index.ts';

const meta = {
  title: 'Screens/Inbox',
  component: Inbox,
  tags: ['!autodocs'],
} satisfies Meta<typeof Inbox>;
export default meta;
type Story = StoryObj<typeof meta>;

const chat = (parameters: ChatStoryParameters) => ({ chat: parameters });
const onEmulator = () => realAcsEndpoint() === undefined;

/**
 * The demo user's inbox as seeded (66 threads, newest first: the long conversation on top), the
 * first page of 20. Each visit has its own emulator, so what you delete here is back next time.
 */
export const Default: Story = {
  play: async ({ canvas, canvasElement }) => {
    const list = await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
    await expect(canvas.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Create thread' })).toBeDisabled();
    if (!onEmulator()) return;
    await expectListStatus(canvasElement, '20 threads loaded · scroll for more');
    await expect(list.querySelector('li .thread-row__topic')).toHaveTextContent(conversationTopic);
    await expect(seededThreadCount).toBe(66);
  },
};

/** Scroll for more pages, create a thread, delete it. */
export const ScrollCreateDelete: Story = {
  play: async ({ canvas, canvasElement, userEvent, step }) => {
    let firstPage = 0;
    await step('the first page is listed', async () => {
      await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
      await expectListStatus(canvasElement, 'threads loaded · scroll for more');
      firstPage = loadedCount(canvasElement);
    });
    await step('scrolling to the end loads the second page', async () => {
      scrollListToEnd(canvasElement);
      await waitFor(() => expect(loadedCount(canvasElement)).toBeGreaterThan(firstPage + 10));
    });
    const topic = uniqueTopic('Play: lunch');
    await step('a new thread appears at the top', async () => {
      await userEvent.type(canvas.getByLabelText('Topic'), topic);
      await userEvent.click(canvas.getByRole('checkbox', { name: 'Alan Turing' }));
      await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
      await expect(await canvas.findByText(/with 3 participants/)).toBeVisible();
      await expect(await canvas.findByText(topic)).toBeVisible();
    });
    await step('deleting it removes it at once', async () => {
      await userEvent.click(canvas.getByRole('button', { name: `Delete ${topic}` }));
      await waitFor(() => expect(canvas.queryByText(topic)).toBeNull());
      await expect(await canvas.findByText(`Deleted “${topic}”.`)).toBeVisible();
    });
  },
};

/** The service refuses a delete (the user was removed from the thread: 403): the row comes back. */
export const DeleteRolledBack: Story = {
  play: async (context) => {
    const { canvas, userEvent, step } = context;
    const topic = await canvas.findByText(refusedTopic, undefined, { timeout: 10_000 });
    const id = topic.closest('li')?.dataset.threadId;
    // Slow the refusal down a little so a viewer sees the row go, then come back.
    if (id)
      await storyFaults(context)?.add({ method: 'DELETE', path: threadPath(id), latencyMs: 700 });
    await step('the row leaves the list before the service answers', async () => {
      await userEvent.click(canvas.getByRole('button', { name: `Delete ${refusedTopic}` }));
      await waitFor(() => expect(canvas.queryByText(refusedTopic)).toBeNull());
    });
    await step('the refusal puts it back, marked, with an alert', async () => {
      const alert = await canvas.findByRole('alert', {}, { timeout: 5000 });
      await expect(alert).toHaveTextContent(`Could not delete “${refusedTopic}”`);
      await expect(alert).toHaveTextContent('It is back in the list.');
      await expect(await canvas.findByText(refusedTopic)).toBeVisible();
      await expect(canvas.getByText(/delete refused, restored/)).toBeVisible();
    });
  },
};

/**
 * A create that partly succeeds: an unknown user id is reported, the thread is made anyway. Then
 * the thread is deleted from the keyboard alone.
 */
export const PartlyCreated: Story = {
  parameters: chat({ signInAs: 'newcomer' }),
  play: async ({ canvas, userEvent, step }) => {
    await canvas.findByText(/No threads yet/, {}, { timeout: 10_000 });
    await step('the unknown participant is listed, the thread is made', async () => {
      await userEvent.type(canvas.getByLabelText('Topic'), 'Budget review');
      await userEvent.type(canvas.getByLabelText('Other user ids (optional)'), '8:acs:nobody');
      await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
      const refused = await canvas.findByRole('list', { name: 'Participants not added' });
      await expect(refused).toHaveTextContent('8:acs:nobody');
      await expect(await canvas.findByText('Budget review')).toBeVisible();
    });
    await step('Tab to its Delete button and press Enter', async () => {
      const button = canvas.getByRole('button', { name: 'Delete Budget review' });
      button.focus();
      await expect(button).toHaveFocus();
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(canvas.queryByText('Budget review')).toBeNull());
      await expect(await canvas.findByText(/No threads yet/)).toBeVisible();
    });
  },
};

/** A brand-new user has no threads: the empty state, then their first thread. */
export const Empty: Story = {
  parameters: chat({ signInAs: 'newcomer' }),
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByText(/No threads yet/, {}, { timeout: 10_000 })).toBeVisible();
    await userEvent.type(canvas.getByLabelText('Topic'), 'My first thread');
    await userEvent.click(canvas.getByRole('button', { name: 'Create thread' }));
    await expect(await canvas.findByText('My first thread')).toBeVisible();
    await expect(canvas.queryByText(/No threads yet/)).toBeNull();
  },
};

/** The service has not answered yet (the emulator holds the list request): the loading state. */
export const Loading: Story = {
  beforeEach: async (context) => {
    // Ten minutes to look at it. Under Vitest a few seconds, so no held request outlives the run
    // (the play ends while it is still held either way).
    const latencyMs = import.meta.env.MODE === 'test' ? 5000 : 600_000;
    await storyFaults(context)?.add({ method: 'GET', path: '/chat/threads', latencyMs });
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Loading threads…')).toBeVisible();
    if (!onEmulator()) return;
    await expect(canvas.queryByRole('list', { name: 'Threads' })).toBeNull();
    await expect(canvas.getByRole('button', { name: 'Create thread' })).toBeDisabled();
  },
};

/**
 * The service is unavailable (503 to every list request, after one retry each): the error state,
 * and Try again fails the same way.
 */
export const LoadError: Story = {
  name: 'Error',
  parameters: chat({ clientOptions: { retryOptions: { maxRetries: 1, retryDelayInMs: 200 } } }),
  beforeEach: async (context) => {
    await storyFaults(context)?.add({
      method: 'GET',
      path: '/chat/threads',
      status: 503,
      retryAfterMs: 300,
    });
  },
  play: async ({ canvas, userEvent }) => {
    if (!onEmulator()) return;
    const alert = await canvas.findByRole('alert', {}, { timeout: 10_000 });
    await expect(alert).toHaveTextContent('Could not load your threads');
    await expect(alert).toHaveTextContent(/503|unavailable/i);
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(await canvas.findByText('Loading threads…')).toBeVisible();
    const again = await canvas.findByRole('alert', {}, { timeout: 10_000 });
    await expect(again).toHaveTextContent('Could not load your threads');
    await expect(canvas.queryByRole('list', { name: 'Threads' })).toBeNull();
  },
};

/**
 * 10,000 threads, 100 a page: only the rows in view are in the DOM, however far you scroll, and
 * only they ask for their summary (at most two requests a row; `npm run bench` counts them).
 * Read-only: every visit shares this inbox.
 *
 * Rows hold their summary request until the list stops scrolling (`holdSummariesWhileScrolling`,
 * react-virtual's `isScrolling` passed as `enabled`), so rows flung past ask for nothing: measured
 * by bench/render.ts, a fling of 2,000 rows at 25 a frame makes 54 summary requests (the rows
 * where it stops) instead of about 2,000, at about 40 ms a frame instead of 140; scrolling to the
 * end, about 110 instead of 4,500, in 6.4 s instead of 30 (6.1 s without summaries).
 */
export const TenThousandThreads: Story = {
  args: { pageSize: 100, readOnly: true, summaries: true, holdSummariesWhileScrolling: true },
  parameters: chat({ signInAs: 'bulk' }),
  play: async ({ canvas, canvasElement, step }) => {
    await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
    for (const loaded of [100, 200, 300]) {
      await expectListStatus(canvasElement, `${loaded} threads loaded`);
      scrollListToEnd(canvasElement);
    }
    await step('the DOM holds a window of rows, not every loaded thread', async () => {
      await expectListStatus(canvasElement, '400 threads loaded');
      const rows = canvas.getAllByRole('listitem');
      await expect(rows.length).toBeLessThan(60);
      // Positions stay true to the whole list, so assistive tech knows where the rows are.
      const last = rows.at(-1)!;
      await expect(Number(last.getAttribute('aria-posinset'))).toBeGreaterThan(300);
    });
    await step('the list fills the screen, with nothing to delete', async () => {
      const list = canvas.getByRole('list', { name: 'Threads' });
      await expect(list.getBoundingClientRect().width).toBeGreaterThan(
        canvasElement.clientWidth / 2,
      );
      await expect(canvas.queryByRole('button', { name: /^Delete/ })).toBeNull();
    });
    await expect(bulkThreadCount).toBe(10_000);
  },
};

/**
 * Live: with the official ChatClient as the real-time source, the inbox follows what others do.
 * Grace creates a thread with you, renames it and deletes it; the list shows each at once, with
 * no refetch.
 */
export const Live: Story = {
  parameters: chat({ realtime: true }),
  play: async (context) => {
    const { canvas, step } = context;
    const list = await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
    if (!onEmulator()) return;
    await waitFor(
      () => expect(canvas.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live'),
      { timeout: 20_000 },
    );
    const session = sessionOf(context);
    const grace = await sessionAs(
      session,
      session.people.find((p) => p.displayName === 'Grace Hopper')!,
    );
    const client = new ChatClient(grace.endpoint, grace.credential);
    const topic = uniqueTopic('Grace: coffee?');
    let threadId = '';
    await step('Grace starts a thread with you: it is at the top', async () => {
      const { chatThread } = await client.createChatThread(
        { topic },
        { participants: [{ id: { communicationUserId: session.user.userId } }] },
      );
      threadId = chatThread!.id;
      await waitFor(() =>
        expect(list.querySelector('li .thread-row__topic')).toHaveTextContent(topic),
      );
    });
    const renamed = `${topic} (tomorrow)`;
    await step('she renames it', async () => {
      await client.getChatThreadClient(threadId).updateTopic(renamed);
      await expect(await within(list).findByText(renamed)).toBeVisible();
    });
    await step('she deletes it: it leaves your inbox', async () => {
      await client.deleteChatThread(threadId);
      await waitFor(() => expect(within(list).queryByText(renamed)).toBeNull());
      await expect(canvas.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live');
    });
    client.close();
  },
};

/**
 * What is new: each rendered row asks for its thread's summary (at most two requests, none for
 * rows never rendered): unread threads in bold with a badge (99+ beyond 99), the last message as a
 * preview, and the total unread over the rows loaded in the header.
 */
export const Unread: Story = {
  play: async ({ canvas }) => {
    const list = await canvas.findByRole('list', { name: 'Threads' }, { timeout: 10_000 });
    if (!onEmulator()) return;
    const row = (topic: string) =>
      within(list).getByText(topic, { selector: '.thread-row__topic' }).closest('li')!;
    for (const [topic, count] of Object.entries(unreadByTopic)) {
      const badge = count > 99 ? '99+' : String(count);
      if (count === 0) {
        await waitFor(() =>
          expect(row(topic).querySelector('.thread-row__preview')).not.toBeNull(),
        );
        await expect(within(row(topic)).queryByLabelText(/unread$/)).toBeNull();
        await expect(row(topic)).not.toHaveClass('thread-row--unread');
      } else {
        await expect(await within(row(topic)).findByLabelText(`${badge} unread`)).toHaveTextContent(
          badge,
        );
        await expect(row(topic)).toHaveClass('thread-row--unread');
      }
    }
    // The preview is the newest message, with its sender's first name.
    await expect(
      row('Fjord on-call handover').querySelector('.thread-row__preview'),
    ).toHaveTextContent(/^\w+: .+\(#1\)$/);
    const total = await canvas.findByLabelText('Unread in all');
    await expect(Number(total.textContent?.split(' ')[0])).toBeGreaterThanOrEqual(100 + 5 + 1);
  },
};

/**
 * Two readers, live: you and Grace Hopper. Alan Turing starts a thread with you both and writes
 * twice, and both inboxes say 2 unread. You open it: your badge clears (a read receipt), Grace's
 * stays, as her count is hers alone. Alan writes again: Grace has 3; you, reading, none.
 */
export const TwoReaders: Story = {
  parameters: chat({ realtime: true }),
  render: (_args, context) => <TwoInboxes session={sessionOf(context)} />,
  play: async (context) => {
    const { canvas, step, userEvent } = context;
    if (!onEmulator()) return;
    const session = sessionOf(context);
    const you = within(await canvas.findByRole('region', { name: session.user.displayName }));
    const grace = within(await canvas.findByRole('region', { name: 'Grace Hopper' }));
    const live = { timeout: 20_000 };
    await step('both connect to the real-time channel', async () => {
      for (const pane of [you, grace])
        await waitFor(
          () =>
            expect(pane.getAllByRole('status', { name: 'Connection' })[0]).toHaveTextContent(
              'Live',
            ),
          live,
        );
    });
    const alanTuring = session.people.find((p) => p.displayName === 'Alan Turing')!;
    const alan = await sessionAs(session, alanTuring);
    const client = new ChatClient(alan.endpoint, alan.credential);
    const topic = uniqueTopic('Alan: launch notes');
    const row = (pane: typeof you) =>
      pane.getByText(topic, { selector: '.thread-row__topic' }).closest('li')!;
    const badge = (pane: typeof you) =>
      within(row(pane)).queryByLabelText(/unread$/)?.textContent ?? 'none';
    let threadId = '';
    await step('Alan starts a thread with you both and writes twice: 2 unread each', async () => {
      const { chatThread } = await client.createChatThread(
        { topic },
        {
          participants: [
            alanTuring,
            session.user,
            session.people.find((p) => p.displayName === 'Grace Hopper')!,
          ].map((p) => ({ id: { communicationUserId: p.userId }, displayName: p.displayName })),
        },
      );
      threadId = chatThread!.id;
      const thread = client.getChatThreadClient(threadId);
      await thread.sendMessage(
        { content: 'Launch is on Friday' },
        { senderDisplayName: 'Alan Turing' },
      );
      await thread.sendMessage(
        { content: 'Notes are in the doc' },
        { senderDisplayName: 'Alan Turing' },
      );
      await waitFor(() => expect(badge(you)).toBe('2'), live);
      await waitFor(() => expect(badge(grace)).toBe('2'), live);
    });
    await step('you open it: your badge clears, Grace keeps hers', async () => {
      await userEvent.click(you.getByRole('button', { name: topic }));
      const log = within(await you.findByRole('log', { name: 'Messages' }));
      await expect(await log.findByText('Notes are in the doc')).toBeVisible();
      await waitFor(() => expect(badge(you)).toBe('none'));
      await expect(badge(grace)).toBe('2');
    });
    await step('Alan writes again: Grace has 3, you read it as it comes', async () => {
      await client
        .getChatThreadClient(threadId)
        .sendMessage({ content: 'Bring the slides' }, { senderDisplayName: 'Alan Turing' });
      // Your receipt went to Grace before this message did: her count did not take it as hers.
      await waitFor(() => expect(badge(grace)).toBe('3'), live);
      const log = within(you.getByRole('log', { name: 'Messages' }));
      await expect(await log.findByText('Bring the slides')).toBeVisible();
      await waitFor(() => expect(badge(you)).toBe('none'));
    });
    client.close();
  },
};
