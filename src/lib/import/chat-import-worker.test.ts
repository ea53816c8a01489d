// The import worker reads one batch ahead of the page: it parses the next batch while the page stores
// the one it was given, and hands every batch over once, in order, then the end.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatGptConversation } from '@sync/import/chat-export-fixtures';
import type { FromImportWorker, ToImportWorker } from './chat-import-messages';

const sent: FromImportWorker[] = [];
const scope = { postMessage: (message: FromImportWorker) => sent.push(message), onmessage: null as null | ((event: { data: ToImportWorker }) => Promise<void>) };
const had = 'self' in globalThis;
const before = (globalThis as { self?: unknown }).self;

beforeAll(async () => {
  (globalThis as { self?: unknown }).self = scope;
  await import('./chat-import-worker');
});
afterAll(() => {
  if (had) (globalThis as { self?: unknown }).self = before;
  else delete (globalThis as { self?: unknown }).self;
});

/** The export's bytes in small chunks, counting how many the reader has taken. */
function countingFile(text: string) {
  const bytes = new TextEncoder().encode(text);
  const pulled = { chunks: 0 };
  let at = 0;
  const file = {
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          pulled.chunks += 1;
          controller.enqueue(bytes.slice(at, at + 256));
          at += 256;
        },
      }),
  };
  return { file: file as unknown as Blob, pulled };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

it('parses the first batch before it is asked for, and each next one while the page stores the last', async () => {
  const conversations = Array.from({ length: 6 }, (_, i) => chatGptConversation(i, { turns: 2 }));
  const { file, pulled } = countingFile(JSON.stringify(conversations));
  const post = (data: ToImportWorker) => scope.onmessage!({ data });
  await post({ type: 'start', file, context: { salt: 's', promptId: 'p', now: new Date(0).toISOString() }, batchMessages: 8 });
  await post({ type: 'next' });
  expect(sent).toHaveLength(1);
  const readWhenFirstSent = pulled.chunks;
  await settle();
  // Nobody asked yet, yet the file was read further: the second batch is on its way.
  expect(pulled.chunks).toBeGreaterThan(readWhenFirstSent);

  for (let i = 0; i < 10 && sent.at(-1)?.type === 'batch'; i += 1) await post({ type: 'next' });
  const kinds = sent.map((m) => m.type);
  expect(kinds.at(-1)).toBe('end');
  const names = sent.flatMap((m) => (m.type === 'batch' ? m.batch.runs.map((r) => r.run.name) : []));
  expect(names).toEqual(conversations.map((_, i) => `Conversation ${i}`));
});
