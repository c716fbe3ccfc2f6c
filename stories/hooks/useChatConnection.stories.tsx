// #region demo
import { useChatConnection } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ConnectionDemo() {
  const connection = useChatConnection();
  return <StateTable values={{ connection }} />;
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatConnection.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatConnection',
  tags: ['autodocs'],
  // The story's provider has the official ChatClient as its real-time source.
  parameters: {
    docs: { source: { code, language: 'tsx' } },
    chat: { signInAs: 'newcomer', realtime: true },
  },
  render: () => (
    <HookFrame
      name="useChatConnection"
      summary="The provider's real-time connection: 'connecting', 'connected' (events flow and the hooks do not poll), 'disconnected' (reconnecting; polling takes over), or 'off' without a realtime source."
      code={code}
    >
      <ConnectionDemo />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    await expectState(canvasElement, 'connection', 'connected', 20_000);
  },
};
