/**
 * The compression section's tables as text cells, for results.md and the lesson: the forms (media types, bytes, cost),
 * the deploys at each link with the fastest form marked, and each deploy's pull part with the node's CPU for it.
 */

import { formatDockerSize } from '../format/format-size.js';
import { formatTimed } from '../format/format-timed.js';
import { type CompressionFacts, cellOf, type FormFacts } from './compression-facts.js';

/** A table cell: its text, and whether it is the one to stress (the fastest form at a link). */
export interface TextCell {
  text: string;
  strong: boolean;
}

/** A table as text: header, right-aligned columns, body. */
export interface TextTable {
  title: string;
  header: string[];
  right: ReadonlySet<number>;
  body: TextCell[][];
}

/** The section's tables, and the reasons of cells that were not measured, each said once. */
export interface CompressionTables {
  intro: string;
  tables: TextTable[];
  /** `zstd (ubuntu, scratch): <the node's message>`, one per distinct reason. */
  notMeasured: string[];
}

const plain = (text: string): TextCell => ({ text, strong: false });

/** A media type without the `application/vnd.` every one of them starts with. */
export function shortMediaType(mediaType: string): string {
  return mediaType.replace(/^application\/vnd\./, '');
}

/** A figure, or its status when not ok (the reason is listed under the tables). */
function figure(m: FormFacts['push']): string {
  if (!m) return '—';
  return m.status === 'ok' ? formatTimed(m) : m.status;
}

/** The tables of `facts`. */
export function compressionTables(facts: CompressionFacts): CompressionTables {
  const rows = facts.variants.flatMap((v) => v.forms.map((f) => ({ v, f })));
  const lead = (name: string, f: FormFacts) => [plain(name), plain(f.compression)];
  const forms: TextTable = {
    title: 'The forms',
    header: ['variant', 'compression', 'layer media type', 'compressed', 'of gzip', 'produce and push'],
    right: new Set([3, 4, 5]),
    body: rows.map(({ v, f }) => [
      ...lead(v.name, f),
      plain(f.mediaTypes.length > 0 ? f.mediaTypes.map(shortMediaType).join(', ') : '—'),
      plain(f.bytes === null ? figure(f.size) : formatDockerSize(f.bytes)),
      plain(f.ofGzip === null ? '—' : `${(f.ofGzip * 100).toFixed(1)}%`),
      plain(figure(f.push)),
    ]),
  };
  const deploys: TextTable = {
    title: 'Deploy to a fresh node, per link',
    header: ['variant', 'compression', ...facts.links.map((l) => `deploy @${l.label}`)],
    right: new Set(facts.links.map((_, i) => 2 + i)),
    body: rows.map(({ v, f }) => [
      ...lead(v.name, f),
      ...facts.links.map((l) => {
        const c = cellOf(f, l);
        const text = figure(c?.deploy ?? null);
        return c?.fastest ? { text: `${text} fastest`, strong: true } : plain(text);
      }),
    ]),
  };
  const pulls: TextTable = {
    title: "The pull part of each deploy, and the node's CPU time for it",
    header: ['variant', 'compression', ...facts.links.flatMap((l) => [`pull @${l.label}`, `node CPU @${l.label}`])],
    right: new Set(facts.links.flatMap((_, i) => [2 + 2 * i, 3 + 2 * i])),
    body: rows.map(({ v, f }) => [
      ...lead(v.name, f),
      ...facts.links.flatMap((l) => {
        const c = cellOf(f, l);
        return [plain(figure(c?.pull ?? null)), plain(figure(c?.cpu ?? null))];
      }),
    ]),
  };
  return { intro: INTRO, tables: [forms, deploys, pulls], notMeasured: notMeasured(facts) };
}

/** What the tables show, said once. */
const INTRO =
  'Each image was pushed to the harness’s registry once per compression (`--compression`): gzip as the engine ' +
  'pushes it, the others recompressed by skopeo. Media types are given without their `application/vnd.` prefix; ' +
  '"of gzip" is the form’s bytes against the gzip form’s. Each deploy is pull, create, start and the first ' +
  '`GET /` answered 200 on a node that holds nothing; the fastest form per variant and link is marked. The node’s ' +
  'CPU time for a pull is read from its daemon’s cgroup, so on 2 cores it can exceed the wall time.';

/** Each reason a cell of the section was not measured, once, with the forms and variants it holds for. */
function notMeasured(facts: CompressionFacts): string[] {
  const by = new Map<string, { forms: Set<string>; variants: Set<string> }>();
  for (const v of facts.variants)
    for (const f of v.forms) {
      const rows = [f.size, f.push, ...f.links.flatMap((c) => [c.deploy, c.pull, c.cpu])];
      for (const m of rows) {
        if (!m || m.status === 'ok') continue;
        const why = (m.error ?? 'no reason given').replace(/\s*[\r\n]+\s*/g, ' ').trim();
        const entry = by.get(why) ?? { forms: new Set(), variants: new Set() };
        entry.forms.add(f.compression);
        entry.variants.add(v.name);
        by.set(why, entry);
      }
    }
  return [...by].map(([why, e]) => `${[...e.forms].join(', ')} (${[...e.variants].join(', ')}): ${why}`);
}
