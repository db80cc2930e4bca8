/** A variant rendered for one profile: the Dockerfile text and the images it really uses. */
import type { Profile, Role } from '../profiles/index.js';
import type { Variant } from './catalog.js';
import { externalImages, finalBase } from './dockerfile-stages.js';
import { invalidValues, missingValue, templateContext } from './render.js';

export interface RenderedVariant {
  variant: Variant;
  profile: Profile;
  params: Record<string, string>;
  dockerfile: string;
  /** The image the final stage runs on, `scratch` when none. */
  finalBase: string;
  /** Roles whose images the Dockerfile names, in Dockerfile order. */
  roles: Role[];
}

/** Render one variant; returns the rendered variant or one-line problems naming the template and value. */
export function renderVariant(
  variant: Variant,
  profile: Profile,
  params: Record<string, string>,
): RenderedVariant | { problems: string[] } {
  const context = templateContext(profile, variant, params);
  const bad = invalidValues(context);
  if (bad.length > 0) return { problems: bad.map((p) => `${variant.templatePath}: ${p}`) };
  let body: string;
  try {
    body = variant.template(context);
  } catch (err) {
    const missing = missingValue(err);
    const detail = missing
      ? `"${missing.name}" is not defined by profile "${profile.id}" (line ${missing.line}); use a defined value or add it with --param ${missing.name}=…`
      : String((err as Error).message).split('\n')[0];
    return { problems: [`${variant.templatePath}: ${detail}`] };
  }
  const header = `# imagediet variant "${variant.id}", profile "${profile.id}": generated from variants/${variant.id}/Dockerfile.hbs\n`;
  const dockerfile = header + body;
  const refs = externalImages(dockerfile);
  const roles = (Object.entries(profile.images) as [Role, { ref: string }][])
    .filter(([, img]) => refs.includes(img.ref))
    .map(([role]) => role);
  return { variant, profile, params, dockerfile, finalBase: finalBase(dockerfile), roles };
}
