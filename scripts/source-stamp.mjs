// What dist/ was built from: every file under src/ with its size and modification time, and package.json's. The build
// writes it; bin/imagediet.js computes it again at each start (a few milliseconds for ~200 files) and runs dist/ only
// when the two are the same.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A string that changes whenever a source file is added, removed, resized or touched. */
export function sourceStamp(root) {
  const parts = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const st = statSync(full);
        parts.push(`${path.relative(root, full)}:${st.size}:${Math.trunc(st.mtimeMs)}`);
      }
    }
  };
  walk(path.join(root, 'src'));
  const pkg = statSync(path.join(root, 'package.json'));
  parts.push(`package.json:${pkg.size}:${Math.trunc(pkg.mtimeMs)}`);
  return parts.sort().join('\n');
}
