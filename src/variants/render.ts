/** Renders variant templates in a private Handlebars environment: strict (a missing value throws), no HTML escaping. */
import Handlebars from 'handlebars';
import type { Profile } from '../profiles/index.js';

// One private environment with one options object: partials and helpers never leak between callers, unlike the global Handlebars instance.
const hb = Handlebars.create();
hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
hb.registerHelper('raw', (o: Handlebars.HelperOptions) => o.fn({}));
const OPTIONS = { strict: true, noEscape: true } as const;

/** Characters that would break out of a Dockerfile line: newlines inject instructions, NUL truncates. */
const FORBIDDEN = /[\r\n\0]/;

/** A compiled template, and every value path it names; compiling checks the syntax, so errors surface when variants load. */
export type CompiledTemplate = ((context: object) => string) & { readonly names: readonly string[] };

/**
 * Compile a template; throws a Handlebars parse error (with line) on bad syntax. It is parsed once, eagerly (compile
 * alone would defer a syntax error to the first render): the names are read from that tree, and the tree is what is
 * compiled, at its first render.
 */
export function compileTemplate(source: string): CompiledTemplate {
  const ast = hb.parse(source);
  const fn = hb.compile(ast, OPTIONS);
  return Object.assign((context: object) => fn(context), { names: namesIn(ast) });
}

/** Helpers a template may call; their names are not values. */
const HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'json', 'raw']);

/** Every value path a template's tree names (`images.goSmall`, `trimpath`), in order of first use, helpers excluded. */
function namesIn(ast: hbs.AST.Program): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: string; original?: unknown };
    if (n.type === 'PathExpression' && typeof n.original === 'string') {
      if (!HELPERS.has(n.original) && !names.includes(n.original)) names.push(n.original);
      return;
    }
    // `loc` holds positions only; every other field may hold child nodes.
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') visit(child);
  };
  visit(ast);
  return names;
}

/** The values a template sees: the profile's values, its images by role, and the variant's own facts. */
export function templateContext(
  profile: Profile,
  variant: { id: string; port: number; binaryPath: string },
  params: Record<string, string>,
): Record<string, unknown> {
  // What the profile cannot provide stays undefined, so strict rendering can never print it by accident.
  const images = Object.fromEntries(
    Object.entries(profile.images)
      .filter(([role]) => !(`images.${role}` in profile.unavailable))
      .map(([role, img]) => [role, img.ref]),
  );
  const values = Object.fromEntries(Object.entries(profile.values).filter(([k]) => !(k in profile.unavailable)));
  return {
    ...values,
    ...params,
    goVersion: params.goVersion ?? profile.goVersion,
    images,
    profile: profile.id,
    variant: variant.id,
    port: String(variant.port),
    binaryPath: variant.binaryPath,
  };
}

/** Every value problem in a context: non-strings and values with Dockerfile-breaking characters. */
export function invalidValues(context: Record<string, unknown>, prefix = ''): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    const name = `${prefix}${key}`;
    if (value !== null && typeof value === 'object')
      problems.push(...invalidValues(value as Record<string, unknown>, `${name}.`));
    else if (typeof value !== 'string') problems.push(`"${name}" must be a string, got ${JSON.stringify(value)}`);
    else if (FORBIDDEN.test(value))
      problems.push(`"${name}" contains a newline or NUL (${JSON.stringify(value)}); values must be one line`);
  }
  return problems;
}

/** Turn Handlebars' strict-mode message (`"x" not defined in [object Object] - 3:7`) into the missing name and line. */
export function missingValue(err: unknown): { name: string; line: number | null } | null {
  const m = /"([^"]+)" not defined in .* - (\d+):\d+/.exec(String((err as Error)?.message ?? err));
  return m?.[1] ? { name: m[1], line: Number(m[2]) } : null;
}
