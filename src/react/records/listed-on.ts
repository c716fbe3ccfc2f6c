// When each thread-list page was fetched (by this device's clock): a page edited since (an event
// moved a thread) is a new object, not in here. A resync reads it to know whether a summary was
// fetched after the list entry of its thread (see realtime/resync.ts).
export const listedOn = new WeakMap<object, number>();
