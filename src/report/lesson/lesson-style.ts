/** The page's one stylesheet: a light, high-contrast theme for projectors and print; no web fonts. */
export const LESSON_CSS = `
:root { color-scheme: light; --ink: #18202c; --muted: #566173; --line: #d6dbe4; --paper: #fff; --panel: #f3f5f9;
  --accent: #1f5fd1; --good: #17663a; --good-bg: #e3f4e9; --bad: #b3261e; --bad-bg: #fdeceb; --base: #a3adbb; }
* { box-sizing: border-box; }
html { font-size: 18px; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 2rem 2rem 4rem; }
h1 { font-size: 2.2rem; line-height: 1.15; margin: 0 0 .75rem; letter-spacing: -.01em; }
h2 { font-size: 1.6rem; line-height: 1.2; margin: 2.5rem 0 .75rem; }
h3 { font-size: .85rem; margin: 1.6rem 0 .5rem; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
p { margin: .5rem 0; }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
a { color: var(--accent); }
.lede { font-size: 1.15rem; max-width: 62rem; }
.meta { color: var(--muted); font-size: .9rem; }
.note { border-left: 4px solid var(--accent); background: var(--panel); padding: .6rem 1rem; max-width: 62rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .45rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-size: .78rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
#summary { font-size: .92rem; }
#compression table { font-size: .88rem; }
#compression .num { white-space: normal; }
#summary tbody tr:nth-child(even) { background: var(--panel); }
#summary td:nth-child(2) code { white-space: nowrap; font-size: 1rem; }
#summary .size { font-size: 1.25rem; font-weight: 800; }
#summary .title { display: block; color: var(--muted); font-size: .85rem; }
#summary .published { font-size: .85rem; }
#summary .claim { display: block; }
.src { color: var(--muted); }
.change { font-weight: 700; }
tr.failed td, tr.skipped td { color: var(--bad); }
figure.chart { margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--line); border-radius: 8px; text-align: center; }
figure.chart svg { width: min(100%, 980px); height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .5rem; }
section.step { border-top: 4px solid var(--ink); margin-top: 3.5rem; padding-top: 1rem; }
.step-head { display: grid; grid-template-columns: 1fr auto; align-items: start; gap: 1rem 2rem; }
.step-head h2 { margin: .35rem 0 0; }
.step-no { display: inline-block; background: var(--ink); color: #fff; border-radius: 999px; padding: .05rem .7rem;
  font-weight: 700; font-size: .85rem; margin-right: .4rem; }
.headline { text-align: right; max-width: 30rem; }
.big { font-size: 2.6rem; line-height: 1; font-weight: 800; font-variant-numeric: tabular-nums; }
.headline .published { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.teaching { font-size: 1.2rem; max-width: 62rem; }
.bases { color: var(--muted); font-size: .9rem; }
.code-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-top: 1rem; }
.facts-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2rem; }
@media (max-width: 900px) {
  .code-grid, .facts-grid, .step-head { grid-template-columns: 1fr; }
  .headline { text-align: left; }
}
summary { cursor: pointer; font-weight: 600; color: var(--muted); margin-bottom: .3rem; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; margin: 0;
  font: .78rem/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre.diff span { display: block; padding: 0 .3rem; margin: 0 -.3rem; }
pre.diff .add { background: var(--good-bg); color: #0d4d26; }
pre.diff .del { background: var(--bad-bg); color: #7d1a13; }
pre.diff .hunk { color: var(--accent); }
pre.diff .file { color: var(--muted); font-weight: 700; }
.error { border: 2px solid var(--bad); background: var(--bad-bg); border-radius: 6px; padding: .7rem 1rem; margin: 1rem 0; }
.error pre { background: #fff; }
table.layers td { padding: .3rem .6rem; }
table.layers td:last-child { width: 38%; }
table.layers code { overflow-wrap: anywhere; }
.bar { background: var(--panel); height: .9rem; border-radius: 3px; overflow: hidden; min-width: 8rem; }
.bar span { display: block; height: 100%; background: var(--accent); }
.bar.base span { background: var(--base); }
.bar span.sliver { min-width: 2px; }
.badges { margin: .6rem 0; }
.badge { display: inline-block; border-radius: 999px; padding: .08rem .7rem; font-size: .85rem; font-weight: 600;
  border: 1px solid; margin: 0 .35rem .35rem 0; }
.badge.good { color: var(--good); background: var(--good-bg); border-color: #9fd2b0; }
.badge.bad { color: var(--bad); background: var(--bad-bg); border-color: #f0aca5; }
.badge.neutral { color: var(--muted); background: var(--panel); border-color: var(--line); }
.dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .55rem; background: var(--line); }
.dot.good { background: var(--good); }
.dot.bad { background: var(--bad); }
.facts td:first-child { color: var(--muted); white-space: nowrap; }
article.pair { border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1.2rem 1rem; margin: 1rem 0; }
article.pair h3 { font-size: 1.15rem; color: var(--ink); text-transform: none; letter-spacing: 0; }
article.pair details { margin-top: .8rem; }
footer { margin-top: 3.5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
@media print {
  html { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section.step { break-before: page; border-top: none; }
  pre, tr, figure, article.pair { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .diff .add, .diff .del, .badge, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
