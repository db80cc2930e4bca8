/** index.html: the lesson as one self-contained page for a projector; no network, readable without JS. */
import { escapeHtml as h } from '../format/html-escape.js';
import type { RunView } from '../view/run-view.js';
import { compressionHtml } from './compression-html.js';
import { deployHtml } from './deploy-html.js';
import { LESSON_CSS } from './lesson-style.js';
import { chartHtml, footerHtml, introHtml, pairsHtml, summaryHtml } from './page-html.js';
import { renderStepHtml } from './step-html.js';

// The page may load nothing: inline styles and SVG, data: images at most. A chart that referenced a URL would be
// blocked here rather than leak a request from a classroom machine.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** Render the lesson as one HTML file: summary table, inlined charts, one section per step, pairs, method. */
export async function renderIndexHtml(view: RunView): Promise<string> {
  const { steps } = view;
  const body = [
    introHtml(view),
    await chartHtml('sizes', view),
    summaryHtml(view),
    ...steps.map((step) => renderStepHtml(step, steps.length)),
    pairsHtml(view),
    await chartHtml('timing', view),
    await deployHtml(view),
    await compressionHtml(view),
    await chartHtml('trend', view),
    footerHtml(view),
  ].filter((part) => part !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${h(view.title)}</title>
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
