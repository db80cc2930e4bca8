/** The schema of a variant's `variant.json`, checked with zod so a bad file gets a message naming the field. */
import { z } from 'zod';

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** A path inside a build context: relative, `/`-separated, no `..` segment. */
const CONTEXT_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;

/** 1 GiB: a context is packed in memory, so junk beyond this would only exhaust the harness. */
const MAX_JUNK_BYTES = 1 << 30;

/**
 * A multi-step variant (the builder pattern): build this image first, copy files out of a created, never started,
 * container of it, then build `Dockerfile.hbs` from a context holding only those files.
 */
const buildImageSchema = z.strictObject({
  /** Template file in the variant's folder, e.g. `Dockerfile.build.hbs`. */
  template: z.string().regex(/^[A-Za-z0-9._-]+\.hbs$/, 'a file name in the variant folder ending in .hbs'),
  /** Files to copy out: absolute path in the build image → path in the runtime build's context. */
  copyOut: z
    .array(
      z.strictObject({
        from: z.string().startsWith('/'),
        to: z.string().regex(CONTEXT_PATH, 'a relative path without ..'),
      }),
    )
    .min(1),
});

/** How the variant's build context differs from the default (the app minus its .dockerignore). */
const contextSchema = z.strictObject({
  /** Bytes of deterministic junk added at `junkPath` each time the context is made; never written to disk. */
  junkBytes: z.number().int().min(1).max(MAX_JUNK_BYTES).optional(),
  /** Where the junk sits in the context. */
  junkPath: z.string().regex(CONTEXT_PATH, 'a relative path without ..').default('bin/junk.bin'),
  /** false: build as if the app had no .dockerignore (secrets stay out regardless). @default true */
  dockerignore: z.boolean().default(true),
});

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
  /** Teaching pairs: the id of the variant this one differs from in exactly one thing (shown side by side). */
  pairWith: z.string().regex(ID).optional(),
  /** Published figures this variant corresponds to, by source and variant in variants/published-claims.csv. */
  published: z.array(z.strictObject({ source: z.string().min(1), variant: z.string().min(1) })).default([]),
  /** Build this image first and copy files out of it (the pre-multi-stage builder pattern). */
  buildImage: buildImageSchema.optional(),
  /** Build-context changes for this variant only. */
  context: contextSchema.optional(),
});

export type VariantMeta = z.infer<typeof variantMetaSchema>;
/** A variant's build-context options, defaults applied. */
export type ContextOptions = z.infer<typeof contextSchema>;
/** A multi-step variant's build image. */
export type BuildImageMeta = z.infer<typeof buildImageSchema>;

/** zod issues as `field: message` lines. */
export function describeIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}
