/**
 * Loads a package that is an ES module only (vega, vega-lite: they await at their top level, so `require` cannot load
 * them). The command line runs as one CommonJS bundle from V8's code cache, where Node 20 loses the callback a
 * dynamic `import()` needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); its entry (bin/imagediet.js, itself an ES
 * module) lends its own `import` for these few packages. Elsewhere (tsx, tests) `import()` works as it is.
 */
type Importer = (specifier: string) => Promise<unknown>;

const lent = (globalThis as { [key: symbol]: Importer | undefined })[Symbol.for('imagediet.import')];

/** `import(specifier)`, through the entry's loader when it lent one. */
export function importEsm<T>(specifier: string): Promise<T> {
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
