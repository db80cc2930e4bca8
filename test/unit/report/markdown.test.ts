import { describe, expect, it } from 'vitest';
import { renderResultsMarkdown } from '../../../src/report/markdown/results-markdown.js';
import { escapeCell } from '../../../src/report/markdown/variant-tables.js';
import type { RunResult } from '../../../src/types.js';
import { sizeRun, timedRun } from './fixture.js';
import { viewWith } from './view-fixture.js';

const renderMarkdown = (run: RunResult) => renderResultsMarkdown(viewWith(run));

describe('renderMarkdown', () => {
  it('renders sizes, published figures and a failed variant', () => {
    expect(renderMarkdown(sizeRun())).toMatchInlineSnapshot(`
      "# imagediet results

      Run \`r-20250301-1004\` · builder buildkit · 2025-03-01 10:04 UTC · commit abc1234. Profile "local": offline bases built from Debian bookworm packages (no registry needed); no registry access, so offline bases built from Debian packages.

      | variant                 | base really used                                      |   size | published 2019                                                         | packages | status                                                              |
      |-------------------------|-------------------------------------------------------|-------:|------------------------------------------------------------------------|---------:|---------------------------------------------------------------------|
      | ubuntu                  | local/debian-go:bookworm (stands in for ubuntu:18.04) |  612MB | 636MB (do-tutorial-2019)                                               |        — | ok                                                                  |
      | multistage              | local/alpine:3.8 (stands in for alpine:3.8)           | 11.3MB | 11.3MB (do-tutorial-2019); 11MB (ggicci-2018); ~11.8MB (go-chronicles) |        — | ok                                                                  |
      | scratch (ldflags=-s -w) | scratch                                               | failed | strips debug info: 20-30% smaller binary (optimize-guide)              |        — | failed: build scratch: go build ./... \\| tee build.log: exit code 2 |

      Sizes are uncompressed and printed as \`docker images\` prints them (base 1000, 3 significant digits), so they compare like for like with the published figures.

      ## Sizes and layers

      | variant                 | layers | binary |   own |
      |-------------------------|-------:|-------:|------:|
      | ubuntu                  |      5 | 7.34MB | 482MB |
      | multistage              |      3 | 1.98MB |   5MB |
      | scratch (ldflags=-s -w) |      — |      — |     — |

      ## Anatomy and attack surface

      | variant                 | root? |
      |-------------------------|-------|
      | ubuntu                  | yes   |
      | multistage              | no    |
      | scratch (ldflags=-s -w) | ?     |

      ## What each step teaches

      - **ubuntu**: One stage carries the whole toolchain into production.
      - **multistage**: Copy only the binary into a small runtime.
      - **scratch**: A static binary needs no base at all.

      ## Environment

      - Engine: Docker 20.10.24 (API 1.41), storage driver overlay2
      - Builder: buildkit
      - Host: Debian GNU/Linux 12 (bookworm), kernel 6.1.0-18-amd64, x86_64
      - Resources: 2 CPUs, 7.764GiB memory
      - Node: v20.20.2

      ## Go version per variant

      - go1.19.8: ubuntu, multistage
      - go1.21.0: scratch (ldflags=-s -w)
      "
    `);
  });

  it('adds a column per timing metric present, and a compressed column', () => {
    expect(renderMarkdown(timedRun())).toMatchInlineSnapshot(`
      "# imagediet results

      Run \`r-20250301-1004\` · builder buildkit · 2025-03-01 10:04 UTC · commit abc1234. Profile "local": offline bases built from Debian bookworm packages (no registry needed); no registry access, so offline bases built from Debian packages.

      | variant                 | base really used                                      |   size | compressed | published 2019                                                         | packages |                startup | status                                                                                    |
      |-------------------------|-------------------------------------------------------|-------:|-----------:|------------------------------------------------------------------------|---------:|-----------------------:|-------------------------------------------------------------------------------------------|
      | ubuntu                  | local/debian-go:bookworm (stands in for ubuntu:18.04) |  612MB |      231MB | 636MB (do-tutorial-2019)                                               |        — |   313 ms ± 1.2% (n=10) | ok                                                                                        |
      | multistage              | local/alpine:3.8 (stands in for alpine:3.8)           | 11.3MB |     5.43MB | 11.3MB (do-tutorial-2019); 11MB (ggicci-2018); ~11.8MB (go-chronicles) |        — | 41.2 ms ± 12.5% (n=10) | failed: pull_engine_cold: pull 127.0.0.1:5000/imagediet/multistage: timed out after 120 s |
      | scratch (ldflags=-s -w) | scratch                                               | failed |          — | strips debug info: 20-30% smaller binary (optimize-guide)              |        — |                      — | failed: build scratch: go build ./... \\| tee build.log: exit code 2                       |

      Sizes are uncompressed and printed as \`docker images\` prints them (base 1000, 3 significant digits), so they compare like for like with the published figures.

      ## Sizes and layers

      | variant                 | layers | binary |   own |
      |-------------------------|-------:|-------:|------:|
      | ubuntu                  |      5 | 7.34MB | 482MB |
      | multistage              |      3 | 1.98MB |   5MB |
      | scratch (ldflags=-s -w) |      — |      — |     — |

      ## Anatomy and attack surface

      | variant                 | root? |
      |-------------------------|-------|
      | ubuntu                  | yes   |
      | multistage              | no    |
      | scratch (ldflags=-s -w) | ?     |

      ## Builds

      | variant                 |                  cold build |                  warm build |
      |-------------------------|----------------------------:|----------------------------:|
      | ubuntu                  | 48.2 s ± 3.0% min–max (n=3) | 812 ms ± 2.1% min–max (n=5) |
      | multistage              | 12.4 s ± 2.1% min–max (n=3) | 640 ms ± 0.5% min–max (n=5) |
      | scratch (ldflags=-s -w) |                           — |                           — |

      ## Pulls on a fresh node

      | variant                 |            pull, fresh node |
      |-------------------------|----------------------------:|
      | ubuntu                  | 9.87 s ± 4.2% min–max (n=3) |
      | multistage              |                      failed |
      | scratch (ldflags=-s -w) |                           — |

      ## Start-up once the image is on the node

      Once the image is on the node, start-up is not the same for every variant: the medians of 2 variant(s) lie between 41.2 ms and 313 ms, while their images range from 11.3MB to 612MB. Start-up is create, start and the app's first answer, and none of these reads the whole image.

      ## How the figures were measured

      Timed cells show the median ± the wider side of its confidence interval (order statistics, 95%) and the number of samples; below 6 samples no interval reaches 95% and the margin is the samples’ range, marked min–max; one sample has no margin, a derived value no n; raw samples are in results.json.

      ## What each step teaches

      - **ubuntu**: One stage carries the whole toolchain into production.
      - **multistage**: Copy only the binary into a small runtime.
      - **scratch**: A static binary needs no base at all.

      ## Environment

      - Engine: Docker 20.10.24 (API 1.41), storage driver overlay2
      - Builder: buildkit
      - Host: Debian GNU/Linux 12 (bookworm), kernel 6.1.0-18-amd64, x86_64
      - Resources: 2 CPUs, 7.764GiB memory
      - Node: v20.20.2

      ## Go version per variant

      - go1.19.8: ubuntu, multistage
      - go1.21.0: scratch (ldflags=-s -w)

      ## Warnings

      - startup: multistage rme 12.5% > 10%; raise --runs for a steadier median
      "
    `);
  });

  it('omits the environment section when the run has no facts', () => {
    const text = renderMarkdown({ ...sizeRun(), environment: null });
    expect(text).not.toContain('## Environment');
    expect(text).toContain('## Go version per variant');
  });

  it('shows rows measured for a variant the run has no report for', () => {
    const run = sizeRun();
    const text = renderMarkdown({ ...run, variants: run.variants.slice(0, 1) });
    expect(text).toMatch(/\| multistage +\| local\/alpine:3\.8 +\| +11\.3MB \|/);
  });
});

describe('escapeCell', () => {
  it('keeps a cell on one line and its pipes literal', () => {
    expect(escapeCell('a | b\n  c')).toBe('a \\| b c');
  });
});
