/// <reference types="vite/client" />
// Storybook passes STORYBOOK_* environment variables to the stories through import.meta.env.

interface ImportMetaEnv {
  /** A real ACS resource, e.g. https://<name>.communication.azure.com. Unset: the emulator. */
  readonly STORYBOOK_ACS_ENDPOINT?: string;
  /** A user access token (chat scope) for that resource. */
  readonly STORYBOOK_ACS_TOKEN?: string;
  /** Or a URL that answers a GET with `{ "token": "..." }` or the token as text (fetched again to refresh). */
  readonly STORYBOOK_ACS_TOKEN_URL?: string;
  /** Optional people to offer in the create-thread form: `8:acs:...=Grace,8:acs:...=Alan`. */
  readonly STORYBOOK_ACS_PEOPLE?: string;
}

declare module 'virtual:react-acs-chat-demo-cast' {
  const cast: import('./cast.ts').DemoCast;
  export default cast;
}
