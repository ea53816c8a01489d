// The PDF of runs, made with pdfmake's Node build and the app's document and fonts, then read back with
// PDF.js: the text is there (names, prompt, model, messages, code), markdown keeps its emphasis (bold text
// in the bold font, code in Courier), glyphs the fonts lack are written out, and each run starts a page.
import { describe, expect, it } from 'vitest';
import pdfmake from 'pdfmake';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Message, Run } from '@sync/model';
import { runsPdfDocument, type RunForPdf } from './runs-pdf-document';

const FONTS = 'node_modules/pdfmake/build/fonts/Roboto/';
pdfmake.setFonts({
  Roboto: { normal: `${FONTS}Roboto-Regular.ttf`, bold: `${FONTS}Roboto-Medium.ttf`, italics: `${FONTS}Roboto-Italic.ttf`, bolditalics: `${FONTS}Roboto-Medium.ttf` },
  Courier: { normal: 'Courier', bold: 'Courier-Bold', italics: 'Courier-Oblique', bolditalics: 'Courier-BoldOblique' },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => true);

interface Item { str: string; font: string; family: string }

/** Each page's text items (and the font PDF.js says each uses). */
async function read(doc: Record<string, unknown>): Promise<Item[][]> {
  const buffer: Buffer = await pdfmake.createPdf(doc).getBuffer();
  const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: Item[][] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const { items, styles } = await page.getTextContent();
    pages.push(items.filter((i) => 'str' in i).map((i) => ({ str: i.str, font: i.fontName, family: styles[i.fontName]?.fontFamily ?? '' })));
  }
  return pages;
}
const text = (items: Item[]) => items.map((i) => i.str).join(' ').replace(/\s+/g, ' ');

const T = '2026-12-05T10:00:00.000Z';
function run(id: string, name: string, leaf: string | null): Run {
  return {
    id, prompt_id: 'p', user_id: null, name, description: '', variable_values: { city: 'Lisbon' }, settings: { provider: 'echo', model_id: 'echo' },
    status: 'active', message_count: 3, is_starred: false, is_pinned: false, created_at: T, updated_at: T, last_message_at: T,
    current_leaf_id: leaf, last_message_preview: '', field_updated_at: {},
  } as Run;
}
const msg = (id: string, parentId: string | null, role: Message['role'], content: string, extra: Partial<Message> = {}): Message =>
  ({ id, runId: 'r1', parentId, role, content, status: 'done', createdAt: T, ...extra });

const REPLY = [
  '## Day one',
  '',
  'Walk **Alfama** and take *tram 28*; see [the map](https://example.com/map).',
  '',
  '- Castle → river',
  '- [x] Pastéis de nata ✅',
  '',
  '```js',
  'const day = 1; // stroll',
  '```',
  '',
  '| Stop | Time |',
  '| --- | --- |',
  '| Belém | 10:00 |',
].join('\n');

const trip: RunForPdf = {
  run: run('r1', 'Lisbon trip', 'a1'),
  messages: [
    msg('s', null, 'system', 'You plan trips.'),
    msg('q1', 's', 'user', 'Plan **Lisbon**\n  keep my spaces'),
    msg('a1', 'q1', 'assistant', REPLY, { metadata: { modelName: 'gpt-4o-mini · OpenAI' } }),
    msg('a0', 'q1', 'assistant', 'An older reply on another branch'),
  ],
  promptName: 'Trip planner',
  modelName: 'Echo (offline)',
  variables: [['city', 'Lisbon']],
};

describe('runs as a PDF', () => {
  it('holds the run, its prompt, model, variables and the branch on screen, with markdown kept', async () => {
    const [page, ...more] = await read(runsPdfDocument([trip]));
    expect(more).toEqual([]);
    const all = text(page!);
    for (const expected of ['Lisbon trip', 'Trip planner', 'Echo (offline)', 'Variable: city', 'Lisbon', 'System message', 'You plan trips.',
      'Plan **Lisbon**', 'Assistant · gpt-4o-mini · OpenAI', 'Day one', 'Alfama', 'tram 28', 'the map', 'Castle -> river', '[x] Pastéis de nata [x]',
      'const day = 1; // stroll', 'js', 'Stop', 'Belém', '10:00', '1 / 1']) {
      expect(all).toContain(expected);
    }
    expect(all).not.toContain('older reply');
    expect(all).not.toContain('## Day');
    const item = (s: string) => page!.find((i) => i.str.includes(s));
    expect(item('Alfama')!.font).not.toBe(item('Walk')!.font);
    expect(item('tram 28')!.font).not.toBe(item('Walk')!.font);
    expect(item('tram 28')!.font).not.toBe(item('Alfama')!.font);
    expect(item('const')!.family).toBe('monospace');
    expect(item('Walk')!.family).not.toBe('monospace');
  });

  it('puts each run of a selection on pages of its own, in the order given', async () => {
    const second: RunForPdf = { ...trip, run: run('r2', 'Porto trip', 'x'), messages: [msg('x', null, 'user', 'Plan Porto')], variables: [] };
    const pages = await read(runsPdfDocument([trip, second]));
    expect(pages).toHaveLength(2);
    expect(text(pages[0]!)).toContain('Lisbon trip');
    expect(text(pages[1]!)).toContain('Porto trip');
    expect(text(pages[1]!)).toContain('Plan Porto');
    expect(text(pages[1]!)).toContain('2 / 2');
  });

  it('a run with no messages says so, and code outside Courier\'s characters is still drawn', async () => {
    const empty: RunForPdf = { ...trip, run: run('r3', 'Nothing yet', null), messages: [], variables: [] };
    const greek: RunForPdf = { ...trip, run: run('r4', 'Greek', 'g'), messages: [msg('g', null, 'assistant', '```\nλ = 1\n```')], variables: [] };
    const pages = await read(runsPdfDocument([empty, greek]));
    expect(text(pages[0]!)).toContain('This run has no messages.');
    expect(text(pages[1]!)).toContain('λ = 1');
  });
});
