/** The Go version a binary was built with, read from its embedded build info (what `go version <file>` prints). */
import { readGoBuildInfo } from '../anatomy/go-build-info.js';

/** `go1.23.5`, or null when the binary carries no readable build info (e.g. packed by UPX). */
export function goVersionOf(binary: Buffer): string | null {
  const info = readGoBuildInfo(binary);
  if (info) return info.goVersion;
  // Toolchains before Go 1.13 write no build info blob; runtime.buildVersion is a plain string in their data.
  const m = /go1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?(?=[^\w.])/.exec(binary.toString('latin1'));
  return m ? m[0] : null;
}
