/**
 * A CycloneDX 1.6 SBOM of one image, written with the CycloneDX library from the facts its record already holds:
 * the image as the root component, its distribution, each OS package, each Go binary with the modules and the
 * standard library compiled into it, and who depends on whom. Pure: the same record and run give the same bytes
 * (lists sorted, a serial number derived from the run and the image, the run's start as the timestamp).
 */
import { createHash } from 'node:crypto';
import CDX from '@cyclonedx/cyclonedx-library';
import parseSpdxExpression from 'spdx-expression-parse';
import type { GoModule, PackageFacts, VariantRecord, VulnerabilityScan } from '../types.js';
import { goModulePurl, goStdlib, osPackagePurl } from './purl.js';

const { Component, Bom, Property, Tools } = CDX.Models;
const { ComponentType } = CDX.Enums;
type Component = InstanceType<typeof Component>;

/** The CycloneDX version written: 1.6 is the newest that trivy, grype and Dependency-Track all read. */
export const SBOM_SPEC = CDX.Spec.Version.v1dot6;

/** What the SBOM says about the run that made it. */
export interface SbomRun {
  runId: string;
  /** ISO-8601 start of the run: the SBOM's timestamp. */
  startedAt: string;
  /** imagediet's version, named as the tool. */
  /** null for a run measured before imagediet recorded its version. */
  toolVersion: string | null;
}

/** Property names, in the `imagediet:` namespace CycloneDX leaves to the producer. */
const P = 'imagediet';

/** Licenses as the database states them: an SPDX id or expression where it is one, else a named license. */
const licenses = new CDX.Contrib.License.Factories.LicenseFactory((e: string) => void parseSpdxExpression(e));

/** `urn:uuid:` in UUID v5 form from a digest of the run and the image: unique per SBOM, stable when re-rendered. */
function serialNumber(run: SbomRun, record: VariantRecord): string {
  const h = createHash('sha256').update(`${run.runId}\0${record.image}\0${record.params}`).digest('hex');
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const property = (name: string, value: string) => new Property(`${P}:${name}`, value);

/** Whether the record holds what an SBOM is made from: an image whose layers were read. */
export function hasSbom(record: VariantRecord): record is VariantRecord & { packages: PackageFacts; image: string } {
  return record.packages != null && record.image !== null;
}

/** The SBOM of the image `record` describes, as CycloneDX JSON text. */
export function renderSbom(record: VariantRecord, run: SbomRun): string {
  if (!hasSbom(record))
    throw new Error(`sbom: ${record.variant} has no package facts (its layers were not read: --metrics anatomy)`);
  const facts = record.packages;
  const bom = new Bom({ serialNumber: serialNumber(run, record) });
  bom.metadata.timestamp = new Date(run.startedAt);
  bom.metadata.tools = new Tools();
  bom.metadata.tools.components.add(
    new Component(ComponentType.Application, 'imagediet', run.toolVersion ? { version: run.toolVersion } : {}),
  );
  const [repo, tag] = splitRef(record.image);
  const image = new Component(ComponentType.Container, repo, { bomRef: 'image', ...(tag ? { version: tag } : {}) });
  image.properties.add(property('variant', record.variant));
  if (record.params) image.properties.add(property('params', record.params));
  if (record.finalBase) image.properties.add(property('base', record.finalBase.ref));
  if (record.identity?.contentKey) image.properties.add(property('contentKey', record.identity.contentKey));
  bom.metadata.component = image;
  bom.metadata.properties.add(property('runId', run.runId));
  for (const [name, value] of vulnerabilityProperties(facts.vulnerabilities))
    bom.metadata.properties.add(property(name, value));

  if (facts.distro) {
    const { id, versionId, prettyName } = facts.distro;
    const os = new Component(ComponentType.OperatingSystem, id, {
      bomRef: `os:${id}`,
      ...(versionId ? { version: versionId } : {}),
      ...(prettyName ? { description: prettyName } : {}),
    });
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }
  for (const p of facts.os) {
    const purl = osPackagePurl(p, facts.distro);
    const c = new Component(ComponentType.Library, p.name, { bomRef: purl, purl, version: p.version });
    c.properties.add(property('packageManager', p.manager));
    if (p.arch) c.properties.add(property('arch', p.arch));
    if (p.source) c.properties.add(property('source', p.source));
    if (p.license) c.licenses.add(licenses.makeFromString(p.license));
    bom.components.add(c);
    image.dependencies.add(c.bomRef);
  }
  goComponents(facts, image, (c) => bom.components.add(c));
  return new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6)).serialize(bom, {
    sortLists: true,
    space: 2,
  });
}

/** `imagediet/scratch:local` → [`imagediet/scratch`, `local`]; a registry port is no tag. */
function splitRef(ref: string): [string, string | null] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, null];
}

/** The scanner's counts as metadata properties: `vulnerabilities:scanner`, `vulnerabilities:high`, … */
function vulnerabilityProperties(v: VulnerabilityScan | null): [string, string][] {
  if (!v) return [];
  if ('skipped' in v) return [['vulnerabilities:skipped', v.skipped]];
  if ('failed' in v) return [['vulnerabilities:failed', v.failed]];
  return [
    ['vulnerabilities:scanner', v.scanner],
    ['vulnerabilities:total', String(v.total)],
    ...Object.entries(v.bySeverity).map(([s, n]): [string, string] => [`vulnerabilities:${s}`, String(n)]),
  ];
}

/**
 * Each Go binary as an application component depending on its main module, its dependency modules and the standard
 * library of its toolchain; a module compiled into several binaries is one component (its purl is its identity).
 */
function goComponents(facts: PackageFacts, image: Component, add: (c: Component) => void): void {
  const modules = new Map<string, Component>();
  const moduleRef = (m: GoModule, main: boolean): Component['bomRef'] => {
    const purl = goModulePurl(m);
    let c = modules.get(purl);
    if (!c) {
      c = new Component(ComponentType.Library, m.path, { bomRef: purl, purl, version: m.version });
      if (main) c.properties.add(property('go:mainModule', 'true'));
      if (m.replaces) c.properties.add(property('go:replaces', m.replaces));
      modules.set(purl, c);
      add(c);
    }
    return c.bomRef;
  };
  for (const b of facts.go) {
    const app = new Component(ComponentType.Application, b.path, { bomRef: `go-binary:${b.path}` });
    app.properties.add(property('go:version', b.goVersion));
    if (b.command) app.properties.add(property('go:command', b.command));
    for (const [key, value] of Object.entries(b.settings)) app.properties.add(property(`go:build:${key}`, value));
    if (b.main) app.dependencies.add(moduleRef(b.main, true));
    for (const m of b.modules) app.dependencies.add(moduleRef(m, false));
    app.dependencies.add(moduleRef(goStdlib(b.goVersion), false));
    add(app);
    image.dependencies.add(app.bomRef);
  }
}
