// socket.io 0.9 frames, the framing ACS's real-time channel (Trouter) speaks over its WebSocket:
// `type:id[+]:endpoint[:data]`, with the endpoint always empty (the client's namespace is '').

/** What the server sends. */
export const frames = {
  /** socket.io connect: until it arrives the client holds back everything it would send. */
  connect: '1::',
  heartbeat: '2::',
  /** Moves the client to Connected. No connectparams in the args: those mark another variant. */
  trouterConnected: (ttlSeconds: number) =>
    `5:::${JSON.stringify({ name: 'trouter.connected', args: [{ ttl: String(ttlSeconds), dur: '1' }] })}`,
  /** The acknowledgement of the client's event number `id`. */
  ack: (id: string) => `6:::${id}`,
  /** A downstream request; type 3 so the client JSON.parses the data itself. */
  message: (data: unknown) => `3:::${JSON.stringify(data)}`,
  disconnect: '0::',
  /** Disconnect, asking the client to reconnect with a fresh token (its token expired). */
  unauthorized: `0:::${JSON.stringify({ reason: 'unauthorized' })}`,
} as const;

export interface Frame {
  type: string;
  /** The message id, when the sender gave one. */
  id?: string;
  /** The sender wants `id` acknowledged ("5:1+::..."). */
  wantsAck: boolean;
  data: string;
}

const framePattern = /^([^:]+):([0-9]+)?(\+)?:([^:]+)?:?([\s\S]*)?$/;

export function parseFrame(text: string): Frame | undefined {
  const match = framePattern.exec(text);
  if (match === null) return undefined;
  const frame: Frame = { type: match[1]!, wantsAck: match[3] === '+', data: match[5] ?? '' };
  if (match[2] !== undefined) frame.id = match[2];
  return frame;
}
