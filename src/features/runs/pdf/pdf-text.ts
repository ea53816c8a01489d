// Text as the PDF's fonts can draw it. The body font (Roboto) has Latin, Greek, Cyrillic and most
// punctuation and maths, but no arrows, check marks, dingbats or emoji; the code font (the PDF standard
// Courier) only Windows-1252. A glyph a font lacks would vanish from the page, so the common ones are
// written out, the rest of those blocks become a visible ■, and code outside Windows-1252 uses Roboto.

const SUBSTITUTES: Record<string, string> = {
  '→': '->', '←': '<-', '↔': '<->', '⇒': '=>', '⇐': '<=', '⇔': '<=>', '↑': '^', '↓': 'v', '➜': '->', '➔': '->',
  '✓': '[x]', '✔': '[x]', '✅': '[x]', '☑': '[x]', '✗': '[ ]', '✘': '[ ]', '❌': '[ ]', '☐': '[ ]',
  '★': '*', '☆': '*', '▶': '>', '►': '>', '◆': '*', '♦': '*', '□': '[ ]', '\t': '    ',
};
const KNOWN = new RegExp(Object.keys(SUBSTITUTES).join('|'), 'gu');
/** Arrows, misc symbols, dingbats, misc symbols and arrows, emoji: not in Roboto. */
const UNDRAWABLE = /[\u2190-\u21FF\u2600-\u27BF\u2B00-\u2BFF\u{1F000}-\u{1FAFF}]|\p{Extended_Pictographic}/gu;

export function pdfText(text: string): string {
  return text
    .replace(KNOWN, (c) => SUBSTITUTES[c] ?? c)
    .replace(/\u200B|\u200C|\u200D|\uFE0E|\uFE0F/g, '')
    .replace(UNDRAWABLE, '■');
}

/** Whether Courier (Windows-1252) can draw all of it. */
export function courierCanDraw(text: string): boolean {
  return /^[\n\r\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/.test(text);
}
