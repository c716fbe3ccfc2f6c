// Facts about the seeded demo data that both the seeding (Node) and the stories (browser) know.

/** A thread the demo user was removed from: it stays in their list, but deleting it is refused (403). */
export const refusedTopic = 'Vendor contracts (you were removed)';

/** The newest seeded thread: a long conversation with everyone. */
export const conversationTopic = 'Welcome to react-acs-chat';

/** Messages in the long conversation: six pages of 20, so scrolling up loads older pages. */
export const conversationLength = 120;

/**
 * Project threads with a seeded unread count for the demo user: messages from others after her own
 * latest read receipt (two read, then this many unread). The four newest project threads; she has
 * read every other project thread to its end.
 */
export const unreadByTopic: Readonly<Record<string, number>> = {
  'Harbor on-call handover': 150,
  'Granite on-call handover': 5,
  'Fjord on-call handover': 1,
  'Ember on-call handover': 0,
};

/** Seeded threads in the demo user's inbox (64 project threads, the refused one, the conversation). */
export const seededThreadCount = 66;

/** Threads of the bulk user, for the virtualised inbox. */
export const bulkThreadCount = 10_000;
