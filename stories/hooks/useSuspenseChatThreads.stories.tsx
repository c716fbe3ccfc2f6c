// #region demo
import { Suspense } from 'react';
import { useSuspenseChatThreads } from '../../src/react/index.ts';

function FirstThreads() {
  // Suspends until the first page is in: no pending state to handle here.
  const { threads } = useSuspenseChatThreads({ pageSize: 5 });
  return (
    <ul aria-label="Threads">
      {threads.map((thread) => (
        <li key={thread.id}>{thread.topic}</li>
      ))}
    </ul>
  );
}

function SuspenseDemo() {
  return (
    <Suspense fallback={<p role="status">Suspended: waiting for the first page…</p>}>
      <FirstThreads />
    </Suspense>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { storyFaults } from '../support/emulator-admin.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useSuspenseChatThreads.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useSuspenseChatThreads',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: () => (
    <HookFrame
      name="useSuspenseChatThreads"
      summary="useChatThreads for Suspense: the component suspends until the first page is in, and errors go to the nearest error boundary."
      code={code}
    >
      <SuspenseDemo />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  beforeEach: async (context) => {
    // A little latency, so the fallback is visible.
    await storyFaults(context)?.add({
      method: 'GET',
      path: '/chat/threads',
      latencyMs: 1500,
      times: 1,
    });
  },
  play: async (context) => {
    const { canvas } = context;
    const fallback = await canvas.findByRole('status', {}, { timeout: 5000 });
    await expect(fallback).toHaveTextContent(/Suspended/);
    const list = await canvas.findByRole('list', { name: 'Threads' }, { timeout: 8000 });
    // Up to 5: threads deleted elsewhere are still listed by the service, and hidden.
    await expect(within(list).getAllByRole('listitem').length).toBeGreaterThan(2);
  },
};
