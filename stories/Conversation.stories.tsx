import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import type { ReactNode } from 'react';
import { useChatThreads } from '../src/react/index.ts';
import { Conversation } from './conversation/Conversation.tsx';
import { TwoPeople as TwoPeopleScreen } from './conversation/TwoPeople.tsx';
import { conversationLength, conversationTopic } from './support/demo-constants.ts';
import { storyFaults, threadPath } from './support/emulator-admin.ts';
import { uniqueTopic } from './support/play.ts';
import { sessionOf, type ChatSession } from './support/session.ts';

/** The lowest "(#n)" among the messages on screen: the seeded messages are numbered. */
const oldestNumber = (log: HTMLElement) =>
  Math.min(...[...(log.textContent ?? '').matchAll(/\(#(\d+)\)/g)].map((m) => Number(m[1])));

/** Whether `element` is inside the scrolled pane's visible part. */
function inView(element: HTMLElement, pane: HTMLElement): boolean {
  const box = element.getBoundingClientRect();
  const view = pane.getBoundingClientRect();
  return box.bottom > view.top && box.top < view.bottom;
}

/** On a real ACS resource the seeded thread does not exist: open the user's newest thread. */
function NewestConversation(): ReactNode {
  const { threads, isPending } = useChatThreads({ pageSize: 1 });
  if (isPending) return <p role="status">Loading threads…</p>;
  const newest = threads[0];
  return newest ? <Conversation threadId={newest.id} /> : <p>No threads yet.</p>;
}

function Screen({ session }: { session: ChatSession }): ReactNode {
  return session.conversationThreadId === undefined ? (
    <NewestConversation />
  ) : (
    <Conversation threadId={session.conversationThreadId} />
  );
}

/**
 * The seeded conversation (120 messages, six people) in an emulator of the visit's own: what a
 * visit sends, deletes or changes here is gone next time. On a real ACS resource, the newest thread.
 */
const meta = {
  title: 'Screens/Conversation',
  render: (_args, context) => <Screen session={sessionOf(context)} />,
  tags: ['!autodocs'],
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const onEmulator = (context: { loaded: Record<string, unknown> }) =>
  sessionOf(context).mode === 'emulator';

/** The newest messages at the bottom, who has read them, and the six people in the thread. */
export const Default: Story = {
  play: async (context) => {
    const { canvas } = context;
    const log = await canvas.findByRole('log', { name: 'Messages' }, { timeout: 10_000 });
    if (!onEmulator(context)) return;
    await expect(await canvas.findByRole('heading', { name: conversationTopic })).toBeVisible();
    const newest = await within(log).findByText(new RegExp(`\\(#${conversationLength}\\)$`));
    await waitFor(() => expect(inView(newest, log)).toBe(true));
    await expect(await canvas.findByText('Seen by Grace Hopper, Alan Turing')).toBeVisible();
    const people = canvas.getByRole('list', { name: 'Participants' });
    await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(6));
    await expect(log).not.toHaveTextContent(/ left| joined/);
  },
};

/** Scrolling up loads older pages, keeping the messages you were reading in place. */
export const OlderPages: Story = {
  play: async (context) => {
    const { canvas } = context;
    const log = await canvas.findByRole('log', { name: 'Messages' }, { timeout: 10_000 });
    if (!onEmulator(context)) return;
    await within(log).findByText(new RegExp(`\\(#${conversationLength}\\)$`));
    const before = oldestNumber(log);
    await expect(before).toBeGreaterThan(1);
    log.scrollTop = 0;
    await waitFor(() => expect(oldestNumber(log)).toBeLessThan(before), { timeout: 5000 });
  },
};

/**
 * Send (shown at once, "Sending…", then confirmed; it scrolls into view even when you were reading
 * older messages), edit and delete a message of your own.
 */
export const SendEditDelete: Story = {
  play: async (context) => {
    const { canvas, userEvent, step } = context;
    const log = await canvas.findByRole('log', { name: 'Messages' }, { timeout: 10_000 });
    const text = uniqueTopic('Hello from the play function');
    await step(
      'a message sent while reading older ones shows at once, then is confirmed',
      async () => {
        log.scrollTop = 0;
        const threadId = sessionOf(context).conversationThreadId;
        if (threadId !== undefined) {
          const path = `${threadPath(threadId)}/messages`;
          await storyFaults(context)?.add({ method: 'POST', path, latencyMs: 600, times: 1 });
        }
        await userEvent.type(canvas.getByLabelText('Message'), text);
        await userEvent.keyboard('{Enter}');
        const sent = await within(log).findByText(text);
        await waitFor(() => expect(inView(sent, log)).toBe(true));
        await expect(within(log).getByText('Sending…')).toBeVisible();
        await waitFor(() => expect(within(log).queryByText('Sending…')).toBeNull(), {
          timeout: 5000,
        });
        await expect(canvas.getByRole('status', { name: 'Typing indicator' })).toHaveTextContent(
          /the others were told/,
        );
      },
    );
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
  },
};

/** The participants panel: remove Margaret Hamilton, add her back (the log says so), hide it. */
export const Participants: Story = {
  play: async ({ canvas, userEvent, step }) => {
    const log = await canvas.findByRole('log', { name: 'Messages' }, { timeout: 10_000 });
    await step('remove someone, add them back', async () => {
      const people = canvas.getByRole('list', { name: 'Participants' });
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(6));
      await userEvent.click(canvas.getByRole('button', { name: 'Remove Margaret Hamilton' }));
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(5));
      await userEvent.selectOptions(canvas.getByLabelText('Add someone'), 'Margaret Hamilton');
      await userEvent.click(canvas.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(within(people).getAllByRole('listitem')).toHaveLength(6));
      await expect(await within(log).findByText('Margaret Hamilton left')).toBeVisible();
      await expect(await within(log).findByText('Margaret Hamilton joined')).toBeVisible();
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

/**
 * Live, for two: Ada and Grace side by side, each with her own provider, live by default with
 * react-acs-chat's real-time client. Ada types and Grace sees it; Ada's message reaches Grace at
 * once; Grace has read it and Ada sees "Seen by Grace Hopper". Both panes stay Live (connected: the
 * hooks do not poll).
 */
export const TwoPeople: Story = {
  parameters: { chat: { realtime: true } },
  render: (_args, context) => {
    const session = sessionOf(context);
    return session.conversationThreadId === undefined ? (
      <p>The two-person view runs on the emulator (npm start).</p>
    ) : (
      <TwoPeopleScreen session={session} threadId={session.conversationThreadId} />
    );
  },
  play: async (context) => twoPeoplePlay(context),
};

/**
 * The same, with the official ChatClient (`@azure/communication-chat`) as each provider's
 * real-time source: both sources feed the same caches, and the story plays the same.
 */
export const TwoPeopleOfficialClient: Story = {
  parameters: { chat: { realtime: 'official' } },
  render: (_args, context) => {
    const session = sessionOf(context);
    return session.conversationThreadId === undefined ? (
      <p>The two-person view runs on the emulator (npm start).</p>
    ) : (
      <TwoPeopleScreen
        session={session}
        threadId={session.conversationThreadId}
        realtime="official"
      />
    );
  },
  play: async (context) => twoPeoplePlay(context),
};

/** Both connect, typing and a message reach Grace, and Ada sees Grace has read it. */
async function twoPeoplePlay(context: Parameters<NonNullable<Story['play']>>[0]) {
  const { canvas, userEvent, step } = context;
  if (!onEmulator(context)) return;
  const ada = within(await canvas.findByRole('region', { name: 'Ada Lovelace' }));
  const grace = within(await canvas.findByRole('region', { name: 'Grace Hopper' }));
  const live = { timeout: 20_000 };
  await step('both connect to the real-time channel', async () => {
    await waitFor(
      () => expect(ada.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live'),
      live,
    );
    await waitFor(
      () => expect(grace.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live'),
      live,
    );
  });
  const text = uniqueTopic('Live from Ada');
  await step('Grace sees Ada typing, then her message', async () => {
    const input = ada.getByLabelText('Message');
    await userEvent.type(input, text);
    // The official client says Connected once its socket is up, before its registration is
    // through: a first notification can reach no one. Ada goes on typing (a notification at most
    // every 8 s) until Grace sees it, as long as the channel takes on a loaded machine.
    await waitFor(
      async () => {
        const typing = grace.getByRole('status', { name: 'Who is typing' });
        if (!typing.textContent) await userEvent.type(input, ' ');
        expect(typing).toHaveTextContent('Ada Lovelace is typing…');
      },
      { ...live, interval: 1000 },
    );
    await userEvent.keyboard('{Enter}');
    const log = grace.getByRole('log', { name: 'Messages' });
    await expect(await within(log).findByText(text, {}, live)).toBeVisible();
    await waitFor(() =>
      expect(grace.getByRole('status', { name: 'Who is typing' })).toHaveTextContent(''),
    );
  });
  await step('Ada sees that Grace has read it', async () => {
    const log = ada.getByRole('log', { name: 'Messages' });
    const mine = await within(log).findByText(text);
    const row = mine.closest('li') ?? log;
    await waitFor(() => expect(row).toHaveTextContent('Seen by Grace Hopper'), live);
    await expect(ada.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live');
    await expect(grace.getByRole('status', { name: 'Connection' })).toHaveTextContent('Live');
  });
}
