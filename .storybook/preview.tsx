// Every story signs in (a loader: the token comes from the emulator's Identity API, or from the
// STORYBOOK_ACS_* variables for a real resource) and renders inside DemoChat: a QueryClient with
// the devtools, a recorded ChatClient and ChatProvider. Before each story the emulator's fault
// rules are cleared, so a story starts from a healthy service whatever the last one did.
import type { Preview } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import { DemoChat, type ChatStoryParameters } from '../stories/support/demo-chat.tsx';
import { emulatorFaults } from '../stories/support/emulator-admin.ts';
import { openSession, realAcsEndpoint, type ChatSession } from '../stories/support/session.ts';
import '../stories/support/demo.css';

// Play functions wait for real HTTP round trips, and `npm test` runs them next to every other test
// project on two cores: findBy*/waitFor get 5 s rather than 1 s before they give up.
configure({ asyncUtilTimeout: 5000 });

const chatParameters = (parameters: Record<string, unknown>) =>
  (parameters.chat ?? {}) as ChatStoryParameters;

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { disable: true },
  },
  async beforeEach() {
    if (realAcsEndpoint() === undefined) await emulatorFaults.clear();
  },
  loaders: [
    async ({ parameters }) => ({ session: await openSession(chatParameters(parameters).signInAs) }),
  ],
  decorators: [
    (Story, { loaded, parameters, viewMode }) => (
      <DemoChat
        key={(loaded.session as ChatSession).id}
        session={loaded.session as ChatSession}
        clientOptions={chatParameters(parameters).clientOptions}
        devtools={viewMode === 'story'}
      >
        <Story />
      </DemoChat>
    ),
  ],
};

export default preview;
