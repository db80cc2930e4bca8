/**
 * index.html from the committed real run, opened in headless Chromium with every network request blocked: the page
 * must render its summary, charts and steps from the one file. A missing Chromium is a failure with its reason, never a
 * skip: `npm test` installs it (scripts/browser-up.sh).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIndexHtml } from '../../src/report/lesson/render-index-html.js';
import { viewOf } from '../../src/report/outputs.js';
import type { RunView } from '../../src/report/view/run-view.js';
import { parseResults } from '../../src/results/read-results.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`no Chromium at ${CHROMIUM}; npm test installs it (scripts/browser-up.sh), or set CHROMIUM_PATH`);
}
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = join(ROOT, 'docs', 'lesson-screenshot.png');

describe('index.html in headless Chromium', () => {
  let dir = '';
  let browser: Browser | undefined;
  let page: Page;
  let view: RunView;
  const attempted: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const file0 = join(ROOT, 'results', 'results.json');
    const result = parseResults(await readFile(file0, 'utf8'), file0);
    if ('problem' in result) throw new Error(result.problem);
    view = viewOf(result, []);
    dir = await mkdtemp(join(tmpdir(), 'imagediet-lesson-'));
    const file = join(dir, 'index.html');
    await writeFile(file, await renderIndexHtml(view));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      timeout: 60_000,
    });
    page = await browser.newPage();
    // About a projector's width; the page must not need more.
    await page.setViewport({ width: 1366, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('file:') || url.startsWith('data:')) return void request.continue();
      attempted.push(url);
      void request.abort('blockedbyclient');
    });
    // A CSP violation or a broken inline SVG shows up here rather than as a failed request.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('attempts no network request and reports no error', () => {
    expect(attempted).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('renders the summary table with one row per step, in lesson order', async () => {
    const names = await page.$$eval('#summary tbody tr', (rows) =>
      rows.map((row) => row.querySelector('td:nth-child(2) code')?.textContent ?? ''),
    );
    expect(names).toEqual(view.steps.map((s) => s.name));
    expect(names).toHaveLength(view.result.variants.length);
  });

  it('draws every chart figure as an SVG with a visible size', async () => {
    const boxes = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const box = figure.querySelector('svg')?.getBoundingClientRect();
        return { id: figure.id, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(boxes.map((b) => b.id)).toEqual(expect.arrayContaining(['chart-sizes', 'chart-timing']));
    for (const box of boxes) {
      expect(box.width, box.id).toBeGreaterThan(0);
      expect(box.height, box.id).toBeGreaterThan(0);
    }
  });

  it('draws no chart legend over another text, and keeps every text of a chart inside it', async () => {
    const found = await page.$$eval('figure.chart svg', (svgs) =>
      svgs.flatMap((svg) => {
        const id = svg.closest('figure')?.id ?? '?';
        const frame = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll('text')]
          .filter((t) => (t.textContent ?? '').trim() !== '')
          .map((t) => ({
            text: t.textContent ?? '',
            legend: t.closest('.role-legend') !== null,
            box: t.getBoundingClientRect(),
          }));
        const problems: string[] = [];
        const overlap = (a: DOMRect, b: DOMRect) =>
          a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        for (const [i, a] of texts.entries()) {
          if (a.box.left < frame.left - 1 || a.box.right > frame.right + 1)
            problems.push(`${id}: "${a.text}" reaches outside the chart`);
          if (!a.legend) continue;
          for (const [j, b] of texts.entries())
            if (i !== j && overlap(a.box, b.box)) problems.push(`${id}: legend "${a.text}" overlaps "${b.text}"`);
        }
        return problems;
      }),
    );
    expect(found).toEqual([]);
  });

  it('has a visible section per step, each with its Dockerfile', async () => {
    const sections = await page.$$eval('section.step', (all) =>
      all.map((s) => ({
        id: s.id,
        height: s.getBoundingClientRect().height,
        dockerfile: s.querySelector('pre.dockerfile')?.textContent ?? '',
      })),
    );
    const { steps } = view;
    expect(sections.map((s) => s.id)).toEqual(steps.map((s) => s.id));
    for (const [i, section] of sections.entries()) {
      expect(section.height, section.id).toBeGreaterThan(100);
      expect(section.dockerfile).toBe(steps[i]?.record.dockerfile.replace(/\n+$/, ''));
    }
  });

  it('takes a full-page screenshot (and docs/lesson-screenshot.png, the opening, with UPDATE_SCREENSHOT=1)', async () => {
    const shot = join(dir, 'lesson-screenshot.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOT === '1') {
      // The README's picture: the opening of the page (title, size chart, summary table, first step), not all of it,
      // so the committed PNG stays small.
      await mkdir(join(ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, clip: { x: 0, y: 0, width: 1366, height: 2600 } });
    }
  });
});
