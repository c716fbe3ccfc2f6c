// Runs the ping-pong bot until Ctrl+C (or SIGTERM):
//   ACS_ENDPOINT=https://<name>.communication.azure.com ACS_TOKEN_URL=https://... node bot.ts
// ACS_TOKEN_URL is your token service: a GET there answers `{ "token": "..." }`, a fresh access
// token for the bot's user. Without one, ACS_TOKEN is used until it expires.
import { startPingPongBot } from './ping-pong-bot.ts';

function tokenSource(env: NodeJS.ProcessEnv): (abortSignal?: AbortSignal) => Promise<string> {
  const url = env.ACS_TOKEN_URL;
  if (url) {
    return async (abortSignal) => {
      const response = await fetch(url, { signal: abortSignal ?? null });
      if (!response.ok) throw new Error(`ACS_TOKEN_URL answered ${response.status}.`);
      const { token } = (await response.json()) as { token?: unknown };
      if (typeof token !== 'string') throw new Error('ACS_TOKEN_URL answered without a "token".');
      return token;
    };
  }
  const token = env.ACS_TOKEN;
  if (!token) throw new Error("Set ACS_TOKEN_URL (or ACS_TOKEN) to the bot user's token source.");
  let given = false;
  return async () => {
    if (given) throw new Error('ACS_TOKEN has expired: set ACS_TOKEN_URL so the bot can renew it.');
    given = true;
    return token;
  };
}

const endpoint = process.env.ACS_ENDPOINT;
if (!endpoint) throw new Error('Set ACS_ENDPOINT to your Communication Services endpoint.');

const bot = await startPingPongBot({
  endpoint,
  tokenRefresher: tokenSource(process.env),
  log: (line) => console.log(line),
});
console.log(`answering pings as ${bot.userId}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('stopping');
    // Nothing is left to keep Node running once the bot has stopped: it exits by itself.
    void bot.stop().then(() => console.log('done'));
  });
}
