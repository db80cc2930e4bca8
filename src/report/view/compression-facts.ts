/**
 * The compression axis as the reports read it: per variant, each form the image was pushed in (`--compression`) with
 * its layers' media types, its bytes, what it cost to produce and push, and its deploy at each link with the pull
 * part and the node's CPU for that pull; the fastest form per link marked. Derived once, from the pivoted rows.
 */

import { NODE_LINKS, type NodeLink } from '../../deploy/links.js';
import { M } from '../../metrics/catalogue.js';
import {
  COMPRESSION_SPECS,
  COMPRESSIONS,
  type Compression,
  compressionOf,
  DEFAULT_COMPRESSION,
  withoutCompression,
} from '../../registry/compression.js';
import type { Measurement } from '../../types.js';
import type { PivotRow } from './pivot.js';

/** One form's deploy at one link. */
export interface FormLinkCell {
  link: NodeLink;
  /** The deploy's total (pull → first 200); null when this form has no row at this link. */
  deploy: Measurement | null;
  /** The pull part of the same samples. */
  pull: Measurement | null;
  /** The node's CPU time during those pulls, CPU ms. */
  cpu: Measurement | null;
  /** This form's deploy median is the variant's lowest at this link. */
  fastest: boolean;
}

/** One form of one variant's image. */
export interface FormFacts {
  compression: Compression;
  /** `zstd level 3`. */
  label: string;
  /** The layers' media types as the registry's manifest lists them (distinct, bottom first); [] when not recorded. */
  mediaTypes: string[];
  /** The image_size_compressed row: what a pull of this form downloads. */
  size: Measurement | null;
  /** Its bytes when ok. */
  bytes: number | null;
  /** bytes ÷ the gzip form's bytes; null without both. */
  ofGzip: number | null;
  /** The compress_push row: producing and pushing this form, ms. */
  push: Measurement | null;
  /** One cell per link the run deployed over, in NODE_LINKS order. */
  links: FormLinkCell[];
}

/** One variant (with its own sweep params) and its forms, in COMPRESSIONS order. */
export interface VariantForms {
  variant: string;
  params: string;
  /** `scratch`, or `scratch (goVersion=1.22)`. */
  name: string;
  forms: FormFacts[];
}

/** The compression axis of a run. */
export interface CompressionFacts {
  /** The forms the run measured, in COMPRESSIONS order. */
  compressions: Compression[];
  /** The links the run deployed over. */
  links: NodeLink[];
  /** Largest first (by the gzip form's bytes, else the smallest form's), as the lesson tells them. */
  variants: VariantForms[];
}

/** A row of a form other than the engine's own gzip: its cells belong to the compression section, not the tables. */
export function isOtherForm(row: Pick<PivotRow, 'params'>): boolean {
  return compressionOf(row.params) !== DEFAULT_COMPRESSION;
}

const okOrNull = (m: Measurement | undefined): Measurement | null => m ?? null;
const okValue = (m: Measurement | null): number | null =>
  m?.status === 'ok' && m.value !== null && Number.isFinite(m.value) ? m.value : null;

/**
 * The compression facts of the pivoted rows; null when the run has fewer than two forms (nothing to compare: the
 * default's figures are in the tables already).
 */
export function compressionFacts(rows: readonly PivotRow[]): CompressionFacts | null {
  const groups = new Map<string, { variant: string; params: string; rows: PivotRow[] }>();
  for (const row of rows) {
    const own = withoutCompression(row.params);
    const key = `${row.variant}\u0000${own}`;
    const group = groups.get(key) ?? { variant: row.variant, params: own, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const present = new Set<Compression>();
  const variants: VariantForms[] = [];
  for (const g of groups.values()) {
    const record = g.rows.find((r) => r.params === g.params)?.record;
    const forms = g.rows
      .filter((r) => r.cells.has(M.imageSizeCompressed) || r.cells.has(M.compressPush))
      .map((r) => formFacts(compressionOf(r.params), r.cells, record?.forms))
      .sort((a, b) => COMPRESSIONS.indexOf(a.compression) - COMPRESSIONS.indexOf(b.compression));
    if (forms.length === 0) continue;
    for (const f of forms) present.add(f.compression);
    const gzip = forms.find((f) => f.compression === DEFAULT_COMPRESSION)?.bytes ?? null;
    for (const f of forms) f.ofGzip = gzip !== null && gzip > 0 && f.bytes !== null ? f.bytes / gzip : null;
    markFastest(forms);
    variants.push({
      variant: g.variant,
      params: g.params,
      name: g.params ? `${g.variant} (${g.params})` : g.variant,
      forms,
    });
  }
  if (present.size < 2) return null;
  const links = NODE_LINKS.filter((l) => variants.some((v) => v.forms.some((f) => cellOf(f, l)?.deploy)));
  for (const v of variants) for (const f of v.forms) f.links = f.links.filter((c) => links.includes(c.link));
  const weight = (v: VariantForms) =>
    v.forms.find((f) => f.compression === DEFAULT_COMPRESSION)?.bytes ??
    Math.min(...v.forms.map((f) => f.bytes ?? Number.POSITIVE_INFINITY));
  variants.sort((a, b) => weight(b) - weight(a));
  return { compressions: COMPRESSIONS.filter((c) => present.has(c)), links, variants };
}

function formFacts(
  compression: Compression,
  cells: ReadonlyMap<string, Measurement>,
  recorded: VariantRecordForms,
): FormFacts {
  const size = okOrNull(cells.get(M.imageSizeCompressed));
  const form = recorded?.find((f) => f.compression === compression);
  return {
    compression,
    label: COMPRESSION_SPECS[compression].label,
    mediaTypes: form ? [...new Set(form.layers.map((l) => l.mediaType))] : [],
    size,
    bytes: okValue(size),
    ofGzip: null,
    push: okOrNull(cells.get(M.compressPush)),
    links: NODE_LINKS.map((link) => ({
      link,
      deploy: okOrNull(cells.get(link.deploy)),
      pull: okOrNull(cells.get(link.parts.pull)),
      cpu: okOrNull(cells.get(link.pullCpu)),
      fastest: false,
    })),
  };
}

type VariantRecordForms = PivotRow['record']['forms'];

/** The cell of `form` at `link`, or undefined. */
export function cellOf(form: FormFacts, link: NodeLink): FormLinkCell | undefined {
  return form.links.find((c) => c.link.id === link.id);
}

/** Marks, per link, the form whose deploy median is the lowest (every form with that median, on a tie). */
function markFastest(forms: readonly FormFacts[]): void {
  for (const link of NODE_LINKS) {
    const cells = forms.map((f) => cellOf(f, link)).filter((c): c is FormLinkCell => c !== undefined);
    const times = cells.map((c) => okValue(c.deploy)).filter((t): t is number => t !== null);
    if (times.length < 2) continue;
    const best = Math.min(...times);
    for (const c of cells) c.fastest = okValue(c.deploy) === best;
  }
}

/** A row's headline (the median of a timed row) when it is ok, else null: what the story computes with. */
export function okMedian(m: Measurement | null): number | null {
  return okValue(m);
}
