// The CLI's flags: one table that both the parser and --help read, so a flag cannot be accepted
// without being listed. A flag is one entry: its parseArgs config, the value it takes (`value`,
// for --help) and what it does (`help`; a line break starts an indented line).
import { parseArgs } from 'node:util';

export interface CliFlag {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  default?: string | boolean;
  /** What the flag takes, as --help shows it: `--port N`. */
  value?: string;
  help: string;
}

export const cliFlags = {
  port: {
    type: 'string',
    default: '8080',
    value: 'N',
    help: 'port to listen on (0: any free one); default 8080',
  },
  host: {
    type: 'string',
    default: '127.0.0.1',
    value: 'H',
    help: 'address to listen on; default 127.0.0.1 (this machine only)',
  },
  https: {
    type: 'boolean',
    default: false,
    help: 'serve HTTPS with a self-signed certificate (the official SDK needs it); its CA file\nis deleted when the emulator stops',
  },
  'open-identity': {
    type: 'boolean',
    default: false,
    help: 'accept unsigned Identity API requests, so a browser can get tokens',
  },
  'data-dir': {
    type: 'string',
    value: 'DIR',
    help: 'keep the data (users, tokens, threads, messages) in DIR between runs; one emulator\nat a time; default: in memory, gone when it stops',
  },
  people: {
    type: 'string',
    value: 'LIST',
    help: 'comma-separated display names: users, each sharing a thread with the first',
  },
  'allow-origin': {
    type: 'string',
    multiple: true,
    value: 'O',
    help: 'a page origin (repeatable, or *) that may call the Identity API and the\nadmin routes (/__emulator/*); other origins get 403 there',
  },
  'admin-key': {
    type: 'string',
    value: 'K',
    help: 'a secret the admin routes then require (x-emulator-key header); without\none they answer only this machine',
  },
  limits: {
    type: 'string',
    value: 'service',
    help: "throttle the chat routes as the service's published limits (429, Retry-After)",
  },
  'seed-users': {
    type: 'string',
    value: 'N',
    help: 'users to make, with tokens (printed); with --data-dir, in a new directory only',
  },
  'seed-threads': {
    type: 'string',
    value: 'N',
    help: 'threads to make, shared by the seeded users',
  },
  'seed-messages': {
    type: 'string',
    value: 'N',
    help: 'messages in each seeded thread',
  },
  help: { type: 'boolean', short: 'h', default: false, help: 'print this and exit' },
} as const satisfies Record<string, CliFlag>;

function flagLine(name: string, flag: CliFlag): string {
  const short = flag.short === undefined ? '' : `-${flag.short}, `;
  return `${short}--${name}${flag.value === undefined ? '' : ` ${flag.value}`}`;
}

export function usage(): string {
  const flags = Object.entries(cliFlags as Record<string, CliFlag>).map(([name, flag]) => ({
    name: flagLine(name, flag),
    help: flag.help.split('\n'),
  }));
  const width = Math.max(...flags.map((flag) => flag.name.length)) + 2;
  const lines = flags.flatMap(({ name, help: [first, ...rest] }) => [
    `  ${name.padEnd(width)}${first}`,
    ...rest.map((line) => `  ${' '.repeat(width)}${line}`),
  ]);
  return ['Usage: react-acs-chat-emulator [flags]', '', ...lines].join('\n');
}

export function parseFlags(args: string[]) {
  return parseArgs({ args, options: cliFlags, strict: true, allowPositionals: false }).values;
}
