/** When a timed figure was measured on a busy machine: the one threshold the run, the report and the trend share. */

/** Above this share of the machine's CPU taken by other processes (0–1), timings are flagged as read on a busy machine. */
export const BUSY_SHARE = 0.1;
