/** index.html: the lesson as one self-contained page for a projector; no network, readable without JS. */
import type { RunResult } from '../../types.js';
import { deployHtml } from './deploy-html.js';
import { escapeHtml as h } from './html-escape.js';
import type { LessonCharts } from './lesson-charts.js';
import { lessonSteps } from './lesson-steps.js';
import { LESSON_CSS } from './lesson-style.js';
import { chartHtml, footerHtml, introHtml, pairsHtml, summaryHtml } from './page-html.js';
import { lessonTitle } from './run-facts.js';
import { renderStepHtml } from './step-html.js';

// The page may load nothing: inline styles and SVG, data: images at most. A chart that referenced a URL would be
// blocked here rather than leak a request from a classroom machine.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** Render the lesson as one HTML file: summary table, inlined charts, one section per step, pairs, method. */
export function renderIndexHtml(result: RunResult, charts: LessonCharts): string {
  const steps = lessonSteps(result);
  const body = [
    introHtml(result, steps),
    chartHtml('sizes', charts),
    summaryHtml(steps),
    ...steps.map((step) => renderStepHtml(step, steps.length)),
    pairsHtml(steps),
    chartHtml('timing', charts),
    deployHtml(result, charts.deploy),
    chartHtml('trend', charts),
    footerHtml(result),
  ].filter((part) => part !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${h(lessonTitle(steps))}</title>
<style>${LESSON_CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}
