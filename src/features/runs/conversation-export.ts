// A run's conversation as plain text and Markdown (the branch on screen), and files to download.
import type { Message, Run } from '@sync/model';
import { activePath } from '@sync/tree';

const ROLE: Record<Message['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/** Who wrote it, and whether it was cut off: an interrupted reply is kept, marked as such. */
const heading = (m: Message) => `${ROLE[m.role]}${m.status === 'interrupted' ? ' (interrupted)' : ''}`;

function branch(run: Run, messages: readonly Message[]): Message[] {
  return activePath([...messages], run.current_leaf_id).filter((m) => m.content.trim() !== '');
}

export function conversationAsText(run: Run, messages: readonly Message[]): string {
  const body = branch(run, messages).map((m) => `${heading(m)}:\n${m.content}`).join('\n\n');
  return `${run.name}\n\n${body}\n`;
}

/** What the Markdown header says of the run, worded for people (see run-facts.ts). */
export interface ExportFacts {
  modelName: string;
  variables: Array<[string, string]>;
}

export function conversationAsMarkdown(run: Run, messages: readonly Message[], facts: ExportFacts): string {
  const vars = facts.variables;
  const header = [
    `# ${run.name}`,
    '',
    `- Model: ${facts.modelName}`,
    `- Created: ${run.created_at}`,
    ...(vars.length ? ['- Variables:', ...vars.map(([k, v]) => `  - ${k}: ${v}`)] : []),
  ];
  const body = branch(run, messages).map((m) => `## ${heading(m)}\n\n${m.content}`);
  return `${[...header, '', ...body].join('\n')}\n`;
}

/** Save text as a file through the browser's download. */
export function downloadFile(name: string, text: string, type = 'application/json'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Save a file (a Blob) through the browser's download. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const fileSafe = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'run';
