// The participants each thread's list last held, as the cache feeds hand them over (cache/
// cache-feeds): the names a summary's previews use, without the summary reading another cache.
// Held by reference: no copy of the list.
import type { ChatParticipant } from '../../core/index.ts';
import { scopedRecords } from './scoped-records.ts';

/** Threads whose participants are remembered, per user. */
export const maxThreadParticipants = 1000;

export const threadParticipants = scopedRecords<readonly ChatParticipant[]>(maxThreadParticipants);
