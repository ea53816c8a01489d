// One or more runs as a PDF document (pdfmake's document definition): each run on its own pages with its
// name, prompt, model, dates and variable values, then its conversation as shown (the branch on screen),
// replies and system messages with their markdown, what a person typed as typed. Pure: the fonts and the
// PDF itself are make-pdf.ts's.
import type { Message, Run } from '@sync/model';
import { activePath } from '@sync/tree';
import { markdownToPdf, MUTED, plainToPdf, type PdfNode } from './markdown-to-pdf';
import { pdfText } from './pdf-text';

export interface RunForPdf {
  run: Run;
  messages: readonly Message[];
  promptName: string;
  modelName: string;
  variables: Array<[string, string]>;
}

const ROLE: Record<Message['role'], string> = { system: 'System message', user: 'User', assistant: 'Assistant' };
const when = (iso: string) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

function facts(entry: RunForPdf, shown: number): PdfNode {
  const { run } = entry;
  const rows: Array<[string, string]> = [
    ['Prompt', entry.promptName || 'Unknown prompt'],
    ['Model', entry.modelName],
    ['Created', when(run.created_at)],
    ['Last message', when(run.last_message_at)],
    ['Messages', String(shown)],
    ...entry.variables.map(([k, v]): [string, string] => [`Variable: ${k}`, v || '(empty)']),
  ];
  return {
    table: { widths: ['auto', '*'], body: rows.map(([k, v]) => [{ text: pdfText(k), color: MUTED }, { text: pdfText(v) }]) },
    layout: 'noBorders',
    fontSize: 9,
    margin: [0, 0, 0, 12],
  };
}

function message(m: Message, runModel: string): PdfNode {
  const model = typeof m.metadata?.modelName === 'string' && m.metadata.modelName !== runModel ? ` · ${m.metadata.modelName}` : '';
  const head: PdfNode = {
    columns: [
      { text: pdfText(`${ROLE[m.role]}${m.role === 'assistant' ? model : ''}`), bold: true, fontSize: 9, color: MUTED },
      { text: when(m.createdAt), fontSize: 8, color: MUTED, alignment: 'right', width: 'auto' },
    ],
    margin: [0, 8, 0, 3],
  };
  const body = m.role === 'user' ? plainToPdf(m.content) : markdownToPdf(m.content);
  const notes: PdfNode[] = [];
  if (m.status === 'interrupted') notes.push({ text: 'Interrupted', italics: true, fontSize: 8, color: MUTED });
  if (m.status === 'error') notes.push({ text: pdfText(`The model failed to reply${typeof m.metadata?.error === 'string' ? `: ${m.metadata.error}` : '.'}`), italics: true, fontSize: 8, color: '#b91c1c' });
  return { stack: [head, ...body, ...notes], unbreakable: false };
}

function runSection(entry: RunForPdf, first: boolean): PdfNode {
  const path = activePath(entry.messages.filter((m) => m.status !== 'streaming'), entry.run.current_leaf_id).filter((m) => m.content.trim() !== '');
  return {
    stack: [
      { text: pdfText(entry.run.name), style: 'title', ...(first ? {} : { pageBreak: 'before' }) },
      facts(entry, path.length),
      ...(path.length ? path.map((m) => message(m, entry.modelName)) : [{ text: 'This run has no messages.', color: MUTED }]),
    ],
  };
}

/** The document for `runs`, in the order given. */
export function runsPdfDocument(runs: readonly RunForPdf[]): Record<string, unknown> {
  const title = runs.length === 1 ? runs[0]!.run.name : `${runs.length} runs`;
  return {
    info: { title: pdfText(title), creator: 'prompt-runs', producer: 'prompt-runs' },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 17, bold: true, margin: [0, 0, 0, 8] },
      h1: { fontSize: 14, bold: true, margin: [0, 6, 0, 4] },
      h2: { fontSize: 12.5, bold: true, margin: [0, 6, 0, 4] },
      h3: { fontSize: 11, bold: true, margin: [0, 4, 0, 3] },
      h4: { fontSize: 10, bold: true, margin: [0, 4, 0, 3] },
    },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: pdfText(title), fontSize: 8, color: MUTED },
        { text: `${page} / ${pages}`, fontSize: 8, color: MUTED, alignment: 'right', width: 'auto' },
      ],
      margin: [48, 16, 48, 0],
    }),
    content: runs.map((entry, i) => runSection(entry, i === 0)),
  };
}
