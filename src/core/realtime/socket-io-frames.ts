// socket.io 0.9 frames, the framing of ACS's real-time channel: `type:id[+]:endpoint[:data]`. The
// endpoint is always empty (the namespace is ''); `+` asks for an ack carrying data.

export interface SocketIoFrame {
  /** 0 disconnect, 1 connect, 2 heartbeat, 3 message, 5 event, 6 ack, 7 error, 8 noop. */
  type: string;
  data: string;
}

// socket.io 0.9's own decoder pattern.
const framePattern = /^([^:]+):([0-9]+)?(\+)?:([^:]+)?:?([\s\S]*)?$/;

export function parseFrame(text: string): SocketIoFrame | undefined {
  const match = framePattern.exec(text);
  return match ? { type: match[1]!, data: match[5] ?? '' } : undefined;
}

/** An event the server must acknowledge: `5:<id>+::{"name":…,"args":[…]}` (no args key when none). */
export function eventFrame(id: number, name: string, args?: unknown[]): string {
  return `5:${id}+::${JSON.stringify(args ? { name, args } : { name })}`;
}
