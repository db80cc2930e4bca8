/** Text width estimate for chart layout, from Arial's advance widths: no canvas, same answer on every machine. */

// Advance widths of ASCII 32..126 in thousandths of an em (Arial = Helvetica metrics; Liberation Sans matches them).
// biome-ignore format: one row of 16 code points per line, so a width is easy to find
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];
// The few non-ASCII glyphs the charts print; anything else counts a little wider than a digit.
const OTHER_WIDTHS: Record<string, number> = {
  '…': 1000,
  '—': 1000,
  '–': 556,
  '·': 278,
  '±': 584,
  '×': 584,
  '→': 1000,
};
const OTHER_WIDTH = 600;
// Bold Arial runs about 8 % wider than regular.
const BOLD_FACTOR = 1.08;

/** Width of `text` in px at `fontSize` px; bold when `fontWeight` is `bold` or 600 and above. */
export function estimateTextWidth(text: string, fontSize: number, fontWeight?: string | number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += (code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : OTHER_WIDTHS[ch]) ?? OTHER_WIDTH;
  }
  const bold = fontWeight === 'bold' || (typeof fontWeight === 'number' && fontWeight >= 600);
  return (units / 1000) * fontSize * (bold ? BOLD_FACTOR : 1);
}
