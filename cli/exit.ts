/**
 * Exit statuses shared by every command: 0 all good (also when the reader of stdout closes it
 * early, as `| head` does), 1 a failure a retry may cure (store unreachable, I/O), 2 bad
 * arguments or unreadable input (nothing done), 3 done, but something was refused.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;
