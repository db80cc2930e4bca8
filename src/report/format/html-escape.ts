/** HTML text escaping, and chart SVG made safe to inline several times in one page. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * SVG markup ready to sit inside the page: anything before `<svg` (XML declaration, doctype) dropped, scripts
 * removed, and every id prefixed, so two vega charts' `clip1` cannot clip each other. Null when there is no `<svg`.
 */
export function inlineSvg(svg: string, prefix: string): string | null {
  const start = svg.search(/<svg[\s>]/i);
  if (start < 0) return null;
  const ids = new Set<string>();
  let body = svg
    .slice(start)
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/\sid="([^"]+)"/g, (_, id: string) => {
      ids.add(id);
      return ` id="${prefix}-${id}"`;
    });
  if (ids.size === 0) return body;
  // References point at ids by url(#id), href="#id" and xlink:href="#id"; only ids this SVG defines are renamed.
  body = body.replace(/url\(\s*(['"]?)#([^)'"\s]+)\1\s*\)/g, (whole, quote: string, id: string) =>
    ids.has(id) ? `url(${quote}#${prefix}-${id}${quote})` : whole,
  );
  return body.replace(/((?:\s|xlink:)href=")#([^"]+)"/g, (whole, attr: string, id: string) =>
    ids.has(id) ? `${attr}#${prefix}-${id}"` : whole,
  );
}
