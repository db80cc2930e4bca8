/** Loads and checks every variant up front, so bad templates and metadata fail before the engine is touched. */
import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readUserFileSync, UserFileError } from '../files/user-file.js';
import type { PublishedClaim } from '../types.js';
import { type CompiledTemplate, compileTemplate } from './render.js';
import { describeIssues, type VariantMeta, variantMetaSchema } from './variant-meta.js';

const TEMPLATE_FILE = 'Dockerfile.hbs';
const META_FILE = 'variant.json';
/** A template or metadata file larger than this is refused unread, bytes. */
const MAX_VARIANT_FILE = 4 * 1024 * 1024;

/** The text of a variant's file, or the one-line problem that stops it from being read (a FIFO, a folder, a loop). */
function readVariantFile(file: string): { text: string } | { problem: string } {
  try {
    return { text: readUserFileSync(file, MAX_VARIANT_FILE) };
  } catch (err) {
    if (err instanceof UserFileError) return { problem: err.message };
    throw err;
  }
}

/** One loaded template file. */
export interface TemplateFile {
  path: string;
  source: string;
  template: CompiledTemplate;
}

/** A variant ready to render: its metadata, its compiled template and the published figures it answers to. */
export interface Variant extends VariantMeta {
  dir: string;
  templatePath: string;
  templateSource: string;
  template: CompiledTemplate;
  /** The build image's template of a multi-step variant (`buildImage.template`), or null. */
  buildTemplate: TemplateFile | null;
  claims: PublishedClaim[];
}

export interface Catalog {
  variants: Variant[];
  /** One line per problem, naming the file. Empty when everything loaded. */
  problems: string[];
}

/** Load every `<dir>/<id>/{Dockerfile.hbs,variant.json}`; all problems are collected, none thrown. */
export function loadCatalog(dir: string, claims: PublishedClaim[]): Catalog {
  const problems: string[] = [];
  let entries: Dirent[];
  try {
    if (!statSync(dir).isDirectory())
      return {
        variants: [],
        problems: [`variants folder "${dir}" is a file, not a folder; pass a folder with --variants-dir`],
      };
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? String(err)})`;
    return { variants: [], problems: [`variants folder "${dir}" ${why}; pass an existing folder with --variants-dir`] };
  }
  const folders = entries
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, TEMPLATE_FILE)))
    .map((d) => d.name)
    .sort();
  if (folders.length === 0) {
    problems.push(
      `variants folder "${dir}" holds no variant: each variant is a folder with ${TEMPLATE_FILE} and ${META_FILE}`,
    );
  }
  const variants: Variant[] = [];
  for (const name of folders) {
    const v = loadOne(path.join(dir, name), name, claims, problems);
    if (v) variants.push(v);
  }
  const seen = new Set<string>();
  for (const v of variants) {
    if (seen.has(v.id)) problems.push(`${v.dir}: variant id "${v.id}" is used twice; ids must be unique`);
    seen.add(v.id);
  }
  variants.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { variants, problems };
}

function loadOne(dir: string, name: string, claims: PublishedClaim[], problems: string[]): Variant | null {
  const metaPath = path.join(dir, META_FILE);
  const templatePath = path.join(dir, TEMPLATE_FILE);
  let meta: VariantMeta | null = null;
  const metaFile = readVariantFile(metaPath);
  if ('problem' in metaFile) {
    problems.push(
      existsSync(metaPath)
        ? metaFile.problem
        : `${metaPath}: missing; every variant needs metadata (id, order, title, teaching, binaryPath, port)`,
    );
  } else {
    let raw: unknown;
    try {
      raw = JSON.parse(metaFile.text);
    } catch (err) {
      problems.push(`${metaPath}: not valid JSON (${(err as Error).message})`);
    }
    if (raw !== undefined) {
      const parsed = variantMetaSchema.safeParse(raw);
      if (parsed.success) meta = parsed.data;
      else for (const issue of describeIssues(parsed.error)) problems.push(`${metaPath}: ${issue}`);
    }
  }
  if (meta && meta.id !== name) problems.push(`${metaPath}: id "${meta.id}" must match its folder name "${name}"`);
  const templateFile = readVariantFile(templatePath);
  if ('problem' in templateFile) problems.push(templateFile.problem);
  const templateSource = 'text' in templateFile ? templateFile.text : '';
  const template = 'text' in templateFile ? compileFile(templatePath, templateSource, problems) : null;
  let buildTemplate: TemplateFile | null = null;
  if (meta?.buildImage) {
    const buildPath = path.join(dir, meta.buildImage.template);
    if (!existsSync(buildPath)) {
      problems.push(`${metaPath}: buildImage.template "${meta.buildImage.template}" is not a file in ${dir}`);
      return null;
    }
    const buildFile = readVariantFile(buildPath);
    if ('problem' in buildFile) {
      problems.push(buildFile.problem);
      return null;
    }
    const source = buildFile.text;
    const compiled = compileFile(buildPath, source, problems);
    if (!compiled) return null;
    buildTemplate = { path: buildPath, source, template: compiled };
  }
  if (!meta || !template) return null;
  const matched: PublishedClaim[] = [];
  for (const ref of meta.published) {
    const found = claims.filter((c) => c.source === ref.source && c.variant === ref.variant);
    if (found.length === 0) {
      problems.push(
        `${metaPath}: published figure ${ref.source}/${ref.variant} is not in variants/published-claims.csv; add it there or fix the reference`,
      );
    }
    matched.push(...found);
  }
  return { ...meta, dir, templatePath, templateSource, template, buildTemplate, claims: matched };
}

/** Compile one template; a syntax error becomes a problem naming the file. */
function compileFile(file: string, source: string, problems: string[]): CompiledTemplate | null {
  try {
    return compileTemplate(source);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    problems.push(`${file}: template syntax error: ${first}`);
    return null;
  }
}
