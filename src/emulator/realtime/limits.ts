// The real-time channel's bounds: what one frame, one socket and one user may hold. Each is far
// above what the official client uses, so only a broken or hostile client meets one; past a cap
// the newcomer is refused and the sockets already open keep working.

/**
 * The largest frame a client may send (ws closes the socket with 1009 past it). The client's own
 * frames (user.activity, pings, heartbeats, answers to downstream requests) are under 1 KiB.
 */
export const maxFrameBytes = 64 * 1024;

/**
 * Text queued for one socket beyond what the operating system has taken. A client that stops
 * reading is cut off here rather than the emulator holding all it is sent; like after any drop,
 * it reconnects and lists what it missed.
 */
export const maxSendBufferBytes = 1024 * 1024;

/**
 * Open sockets per user. The official client holds one per ChatClient (two for a minute while it
 * switches connections), so this is a user in sixteen tabs.
 */
export const maxSocketsPerUser = 16;

/**
 * Handshakes per user whose sid no WebSocket has used yet. Each connection attempt makes one, and
 * an unused one lapses after a minute; a client backing off from failures makes fewer than ten a
 * minute, so this leaves room for every socket a user may open and a retry of each.
 */
export const maxPendingHandshakesPerUser = 2 * maxSocketsPerUser;
