// Markdown (as the app shows it: CommonMark + GitHub's tables, task lists and strikethrough) to pdfmake's
// document nodes, so a reply keeps its headings, emphasis, lists, quotes, tables, links and code blocks on
// paper. Raw HTML is text, as on screen; images are named, not fetched (the PDF is made offline).
import type { PhrasingContent, RootContent, Root, ListItem, TableRow } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { courierCanDraw, pdfText } from './pdf-text';

/** A pdfmake node (its document definition is plain data: strings, arrays and objects). */
export type PdfNode = string | PdfNode[] | { [key: string]: unknown };
type Inline = string | { [key: string]: unknown };

const parser = unified().use(remarkParse).use(remarkGfm);

const SAFE_LINK = /^(https?:|mailto:)/i;
export const CODE_FILL = '#f1f5f9';
export const MUTED = '#475569';
export const LINK = '#0369a1';

/** A code span or block in Courier when it can draw every character, else in the body font. */
const codeFont = (text: string) => (courierCanDraw(text) ? { font: 'Courier' } : {});
/** Courier's metrics give a line only 0.79 of the font size (Roboto's: 1.17): space its lines alike. */
const codeLines = (text: string) => (courierCanDraw(text) ? { lineHeight: 1.5 } : {});

function inlines(nodes: readonly PhrasingContent[], style: Record<string, unknown> = {}): Inline[] {
  return nodes.flatMap((node): Inline[] => {
    switch (node.type) {
      case 'text':
        return [{ text: pdfText(node.value), ...style }];
      case 'strong':
        return inlines(node.children, { ...style, bold: true });
      case 'emphasis':
        return inlines(node.children, { ...style, italics: true });
      case 'delete':
        return inlines(node.children, { ...style, decoration: 'lineThrough' });
      case 'inlineCode': {
        const text = pdfText(node.value);
        return [{ text, ...style, ...codeFont(text), background: CODE_FILL }];
      }
      case 'break':
        return ['\n'];
      case 'link': {
        const linked = SAFE_LINK.test(node.url) ? { link: node.url, color: LINK, decoration: 'underline' } : {};
        return inlines(node.children, { ...style, ...linked });
      }
      case 'image':
        return [{ text: `[image: ${pdfText(node.alt || node.url)}]`, ...style, color: MUTED }];
      case 'html':
        return [{ text: pdfText(node.value), ...style }];
      case 'footnoteReference':
        return [{ text: `[${node.label ?? node.identifier}]`, ...style }];
      default:
        return 'children' in node ? inlines(node.children as PhrasingContent[], style) : [];
    }
  });
}

function codeBlock(value: string, lang: string | null | undefined): PdfNode {
  const text = pdfText(value);
  const body: PdfNode[] = [[{ text, ...codeFont(text), ...codeLines(text), fontSize: 8.5, preserveLeadingSpaces: true }]];
  if (lang) body.unshift([{ text: pdfText(lang), fontSize: 7.5, color: MUTED }]);
  return {
    table: { widths: ['*'], body },
    layout: { fillColor: () => CODE_FILL, hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 6, paddingRight: () => 6, paddingTop: () => 4, paddingBottom: () => 4 },
    margin: [0, 2, 0, 6],
  };
}

function listItem(item: ListItem): PdfNode {
  const content = blocks(item.children);
  if (item.checked === null || item.checked === undefined) return { stack: content };
  const [first, ...rest] = content;
  if (first === undefined) return { text: item.checked ? '[x]' : '[ ]' };
  const box = item.checked ? '[x] ' : '[ ] ';
  const firstText = typeof first === 'object' && first !== null && !Array.isArray(first) && 'text' in first ? first.text : undefined;
  const head = firstText === undefined ? { text: box } : { ...(first as object), text: [box, ...(Array.isArray(firstText) ? firstText : [firstText])] };
  return { stack: [head, ...rest] };
}

function tableRow(row: TableRow, header: boolean): PdfNode[] {
  return row.children.map((cell) => ({ text: inlines(cell.children), ...(header ? { bold: true } : {}) }));
}

function block(node: RootContent): PdfNode[] {
  switch (node.type) {
    case 'paragraph':
      return [{ text: inlines(node.children), margin: [0, 0, 0, 6] }];
    case 'heading':
      return [{ text: inlines(node.children), style: `h${Math.min(node.depth, 4)}` }];
    case 'code':
      return [codeBlock(node.value, node.lang)];
    case 'blockquote':
      return [{
        table: { widths: ['*'], body: [[{ stack: blocks(node.children), color: MUTED }]] },
        layout: { vLineWidth: (i: number) => (i === 0 ? 2 : 0), hLineWidth: () => 0, vLineColor: () => '#cbd5e1', paddingLeft: () => 8 },
        margin: [0, 0, 0, 6],
      }];
    case 'list': {
      const items = node.children.map(listItem);
      return [node.ordered ? { ol: items, start: node.start ?? 1, margin: [0, 0, 0, 6] } : { ul: items, margin: [0, 0, 0, 6] }];
    }
    case 'table': {
      const [head, ...rows] = node.children;
      if (!head) return [];
      return [{
        table: { headerRows: 1, widths: head.children.map(() => 'auto'), body: [tableRow(head, true), ...rows.map((r) => tableRow(r, false))] },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 0, 0, 6],
      }];
    }
    case 'thematicBreak':
      return [{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 480, y2: 0, lineWidth: 0.5, lineColor: '#cbd5e1' }], margin: [0, 4, 0, 8] }];
    case 'html':
      return [{ text: pdfText(node.value), margin: [0, 0, 0, 6] }];
    case 'footnoteDefinition':
      return [{ stack: [{ text: `[${node.label ?? node.identifier}]`, fontSize: 8 }, ...blocks(node.children)], fontSize: 8 }];
    case 'definition':
      return [];
    default:
      return 'children' in node ? [{ text: inlines(node.children as PhrasingContent[]) }] : [];
  }
}

function blocks(nodes: readonly RootContent[]): PdfNode[] {
  return nodes.flatMap(block);
}

/** Markdown text as pdfmake nodes (a stack of blocks). */
export function markdownToPdf(markdown: string): PdfNode[] {
  const tree = parser.parse(markdown) as Root;
  return blocks(tree.children);
}

/** Text as typed (what a person wrote): line breaks and spaces kept, nothing read as markup. */
export function plainToPdf(text: string): PdfNode[] {
  return [{ text: pdfText(text), preserveLeadingSpaces: true, margin: [0, 0, 0, 6] }];
}
