// Every story signs in (a loader: on the emulator, the dev server makes the visit an emulator of its
// own, seeded for the story, and the token comes from its Identity API; on a real resource, from
// the STORYBOOK_ACS_* variables) and renders inside DemoChat: a QueryClient with the devtools, a
// recorded ChatClient and ChatProvider. A fresh emulator per visit means a story starts from the
// seed and a healthy service, whatever the last visit did.
import type { Preview } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import { DemoChat, type ChatStoryParameters } from '../stories/support/demo-chat.tsx';
import { openSession, type ChatSession } from '../stories/support/session.ts';
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
    // The screens first, the Inbox at the very top: Storybook opens on the first story.
    options: {
      storySort: { order: ['Screens', ['Inbox', 'Conversation', 'Resilience'], 'Hooks'] },
    },
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
        realtime={chatParameters(parameters).realtime}
        devtools={viewMode === 'story'}
      >
        <Story />
      </DemoChat>
    ),
  ],
};

export default preview;
