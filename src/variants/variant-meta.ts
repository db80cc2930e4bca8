/** The schema of a variant's `variant.json`, checked with zod so a bad file gets a message naming the field. */
import { z } from 'zod';

const ID = /^[a-z0-9][a-z0-9-]*$/;

export const variantMetaSchema = z.strictObject({
  id: z.string().regex(ID, 'lower-case letters, digits and dashes'),
  /** Position in the walk from largest to smallest image. */
  order: z.number().int(),
  title: z.string().min(1),
  /** What this step changes and why it matters, one paragraph. */
  teaching: z.string().min(1),
  /** Absolute path of the API binary inside the final image. */
  binaryPath: z.string().startsWith('/'),
  /** Container port the API listens on. */
  port: z.number().int().min(1).max(65535),
  /** Published figures this variant corresponds to, by source and variant in variants/published-claims.csv. */
  /** Teaching pairs: the id of the variant this one differs from in exactly one thing (shown side by side). */
  pairWith: z.string().regex(ID).optional(),
  published: z.array(z.strictObject({ source: z.string().min(1), variant: z.string().min(1) })).default([]),
});

export type VariantMeta = z.infer<typeof variantMetaSchema>;

/** zod issues as `field: message` lines. */
export function describeIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}
