/** The offline base images of the `local` profile, built from Debian packages. */
export { BASE_IDS, type BaseId, type BaseSpec, baseCatalog, GO_VERSIONS } from './catalog.js';
export {
  type BaseRecord,
  basesToBuild,
  type EnsureBasesOptions,
  ensureBases,
  ensureBasesPerGo,
} from './ensure-bases.js';
export { resolveOrder } from './resolve-order.js';
