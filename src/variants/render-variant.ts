/** A variant rendered for one profile: the Dockerfile text(s) and the images it really uses. */
import { type Profile, ROLES, type Role } from '../profiles/index.js';
import type { Variant } from './catalog.js';
import { finalBase } from './dockerfile-stages.js';
import { type CompiledTemplate, invalidValues, missingValue, templateContext } from './render.js';
import type { BuildImageMeta } from './variant-meta.js';

/** The first step of a multi-step variant: the build image and the files copied out of it. */
export interface BuildStep {
  dockerfile: string;
  copyOut: BuildImageMeta['copyOut'];
}

export interface RenderedVariant {
  variant: Variant;
  profile: Profile;
  params: Record<string, string>;
  /** What the report shows: the one Dockerfile, or every step's Dockerfile between separator comments. */
  dockerfile: string;
  /** The Dockerfile the final image is built from. */
  finalDockerfile: string;
  /** The build image a multi-step variant builds first; null for a variant of one Dockerfile. */
  buildStep: BuildStep | null;
  /** The image the final stage runs on, `scratch` when none ('' when skipped). */
  finalBase: string;
  /** Roles whose images the templates name, in role order. */
  roles: Role[];
  /** Why the profile cannot build this variant (it is reported `skipped`), or null. */
  skipped: string | null;
}

/** Render one variant; returns the rendered variant or one-line problems naming the template and value. */
export function renderVariant(
  variant: Variant,
  profile: Profile,
  params: Record<string, string>,
): RenderedVariant | { problems: string[] } {
  const templates = [variant.template, ...(variant.buildTemplate ? [variant.buildTemplate.template] : [])];
  const names = [...new Set(templates.flatMap((t) => t.names))];
  const roles = ROLES.filter((role) => names.includes(`images.${role}`));
  const base = { variant, profile, params, buildStep: null, roles };
  const cannot = names.filter((n) => n in profile.unavailable && !(n in params));
  if (cannot.length > 0) {
    const reason = cannot
      .map((n) => `profile "${profile.id}" cannot provide ${n}: ${profile.unavailable[n]}`)
      .join('; ');
    const text = `${header(variant, profile, '')}# not built: ${reason}\n`;
    return { ...base, dockerfile: text, finalDockerfile: text, finalBase: '', skipped: reason };
  }
  const context = templateContext(profile, variant, params);
  const bad = invalidValues(context);
  if (bad.length > 0) return { problems: bad.map((p) => `${variant.templatePath}: ${p}`) };

  const steps = variant.buildTemplate ? 2 : 1;
  const final = renderFile(variant.templatePath, variant.template, context, profile);
  if (typeof final !== 'string') return final;
  const finalDockerfile = header(variant, profile, steps === 2 ? ', step 2 of 2 (runtime image)' : '') + final;
  const rendered = { ...base, finalDockerfile, finalBase: finalBase(finalDockerfile), skipped: null };
  const bt = variant.buildTemplate;
  if (!bt || !variant.buildImage) return { ...rendered, dockerfile: finalDockerfile };

  const body = renderFile(bt.path, bt.template, context, profile);
  if (typeof body !== 'string') return body;
  const buildDockerfile = header(variant, profile, ', step 1 of 2 (build image)', variant.buildImage.template) + body;
  const copies = variant.buildImage.copyOut.map((c) => `${c.from} -> ./${c.to}`).join(', ');
  // One text for the report and the lesson, so both Dockerfiles and the copy between them are read together.
  const dockerfile = [
    buildDockerfile.trimEnd(),
    '',
    `# --- copy-out: create a container of the build image (never started) and copy ${copies} ---`,
    '# --- step 2: runtime image ---',
    finalDockerfile,
  ].join('\n');
  return {
    ...rendered,
    dockerfile,
    buildStep: { dockerfile: buildDockerfile, copyOut: variant.buildImage.copyOut },
  };
}

function header(variant: Variant, profile: Profile, step: string, file = 'Dockerfile.hbs'): string {
  return `# imagediet variant "${variant.id}", profile "${profile.id}"${step}: generated from variants/${variant.id}/${file}\n`;
}

/** Render one template file strictly; a missing value becomes a problem naming the file, the value and the line. */
function renderFile(
  file: string,
  template: CompiledTemplate,
  context: Record<string, unknown>,
  profile: Profile,
): string | { problems: string[] } {
  try {
    return template(context);
  } catch (err) {
    const missing = missingValue(err);
    const detail = missing
      ? `"${missing.name}" is not defined by profile "${profile.id}" (line ${missing.line}); use a defined value or add it with --param ${missing.name}=…`
      : String((err as Error).message).split('\n')[0];
    return { problems: [`${file}: ${detail}`] };
  }
}
