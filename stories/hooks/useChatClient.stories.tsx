// #region demo
import { useState } from 'react';
import { useChatClient } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ClientDemo() {
  // The provider's core ChatClient, for anything the hooks do not cover.
  const client = useChatClient();
  const [count, setCount] = useState<number>();
  async function countFirstPage() {
    for await (const page of client.listChatThreads({ maxPageSize: 10 }).byPage()) {
      setCount(page.length);
      break;
    }
  }
  return (
    <>
      <button type="button" className="button" onClick={() => void countFirstPage()}>
        List a page with the core client
      </button>
      <StateTable values={{ endpoint: client.endpoint, closed: client.closed, firstPage: count }} />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatClient.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatClient',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: () => (
    <HookFrame
      name="useChatClient"
      summary="The provider's core ChatClient. Outside a ChatProvider it throws Error('useChatClient must be used inside <ChatProvider>')."
      code={code}
    >
      <ClientDemo />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'closed', 'false');
    await userEvent.click(canvas.getByRole('button', { name: 'List a page with the core client' }));
    await expectState(canvasElement, 'firstPage', '10');
  },
};
