/** What each chart of the lesson shows, for captions and alt text. */

/** Captions of the charts the lesson shows, by chart. */
export const CHART_CAPTIONS = {
  sizes: 'Image size per step: measured on this engine, next to the published figures',
  timing: 'Build, pull and start-up time per step',
  trend: 'Image sizes across runs',
  deploy: 'Deploy time against compressed size, one line per link speed',
  compression: 'Deploy time against compressed size per compression, one line per link speed, one panel per variant',
} as const;
