/**
 * A two-term model of a cold pull, for the crossover between compressions: pull(link) ≈ unpack + bytes × 8 ÷ link
 * speed. `unpack` is the node's own work (decompressing, unpacking, registering layers), taken from the pull at
 * loopback speed, where the transfer is short; the transfer grows with the compressed bytes as the link slows. A
 * smaller form that is slower to unpack wins below some link speed and loses above it: that speed is the crossover.
 * Pure arithmetic on measured medians; an estimate, and the lesson says so.
 */

/** One form as the model sees it. */
export interface ModelForm {
  compression: string;
  /** Compressed bytes: what a pull downloads. */
  bytes: number;
  /** The node's own work, ms: the median pull at loopback speed. */
  unpackMs: number;
}

/** A range of link speeds over which one form has the shortest estimated pull. */
export interface ModelBand {
  compression: string;
  /** Lowest speed of the band, bits/s; 0: down to the slowest link. */
  fromBps: number;
  /** Highest speed, bits/s; null: however fast the link. */
  toBps: number | null;
}

/** The estimated pull of `form` at `bps`, ms. */
export function estimatedPullMs(form: ModelForm, bps: number): number {
  return form.unpackMs + ((form.bytes * 8) / bps) * 1000;
}

/**
 * Which form has the shortest estimated pull at every link speed, fastest links first: the lower envelope of the
 * lines unpack + 8000 × bytes × t, t = 1 ÷ speed. At t = 0 the quickest to unpack wins; as t grows, each crossing to
 * a smaller form is a crossover speed. [] without forms.
 */
export function modelBands(forms: readonly ModelForm[]): ModelBand[] {
  if (forms.length === 0) return [];
  const k = 8000;
  // The winner on an infinitely fast link: least unpacking, the fewer bytes on a tie.
  let current = [...forms].sort((a, b) => a.unpackMs - b.unpackMs || a.bytes - b.bytes)[0] as ModelForm;
  let at = 0;
  const crossings: { form: ModelForm; t: number }[] = [{ form: current, t: 0 }];
  for (;;) {
    let next: { form: ModelForm; t: number } | null = null;
    for (const f of forms) {
      if (f.bytes >= current.bytes) continue;
      // Smaller and no slower to unpack: it already beats `current` at every speed (t ≥ at).
      const t = f.unpackMs <= current.unpackMs ? at : (f.unpackMs - current.unpackMs) / (k * (current.bytes - f.bytes));
      if (t < at) continue;
      if (!next || t < next.t || (t === next.t && f.bytes < next.form.bytes)) next = { form: f, t };
    }
    if (!next) break;
    current = next.form;
    at = next.t;
    // A crossing at the same t replaces the band before it: that band has no width.
    if (crossings.at(-1)?.t === at) crossings.pop();
    crossings.push(next);
  }
  return crossings.map((c, i) => {
    const end = crossings[i + 1]?.t;
    return {
      compression: c.form.compression,
      fromBps: end === undefined ? 0 : 1 / end,
      toBps: c.t === 0 ? null : 1 / c.t,
    };
  });
}
