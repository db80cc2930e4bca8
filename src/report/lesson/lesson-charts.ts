/** The charts a lesson embeds, as src/report/charts/render-charts.ts renders them. */

/** SVG markup per chart (null when that chart could not be drawn) and the Mermaid source for GitHub. */
export interface LessonCharts {
  /** Image size per step, measured against published. */
  sizes: string | null;
  /** Build, pull and start-up times per step. */
  timing: string | null;
  /** Sizes across runs from the history file. */
  trend: string | null;
  /** Deploy time against compressed size; absent where no deploy was drawn. */
  deploy?: string | null;
  /** A complete ```mermaid fenced block (mermaidSizeChart), or '' when there is none. */
  mermaid: string;
}

/** File names of the charts, written next to lesson.md; lesson.md links them by these names. */
export { CHART_FILES } from '../charts/chart-files.js';

/** What each chart shows, for captions and alt text. */
export const CHART_CAPTIONS = {
  sizes: 'Image size per step: measured on this engine, next to the published figures',
  timing: 'Build, pull and start-up time per step',
  trend: 'Image sizes across runs',
} as const;
