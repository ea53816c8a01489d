// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { chatGptConversation, claudeConversation } from '@sync/import/chat-export-fixtures';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { renderApp } from '@/test/render-app';

let db: PromptRunsDB;
let restoreLayout: () => void;
beforeEach(() => {
  db = freshDb();
  restoreLayout = installLayout();
});
afterEach(() => {
  cleanup();
  restoreLayout();
  db.close();
});

/** jsdom's File has no stream(): give it Node's, over the same bytes. */
function jsonFile(value: unknown, name = 'conversations.json'): File {
  const text = JSON.stringify(value);
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(file, 'stream', { value: () => new globalThis.Response(text).body });
  Object.defineProperty(file, 'text', { value: () => Promise.resolve(text) });
  return file;
}

describe('Import on the runs page', () => {
  it('takes a ChatGPT export and reports what it imported and what it skipped, and why', async () => {
    renderApp(db, '/ai/prompts/runs');
    const input = await screen.findByLabelText(/Import file/);
    await userEvent.upload(input, jsonFile([chatGptConversation(0, { branch: true }), chatGptConversation(1), { title: 'Broken' }]));
    const report = await screen.findByRole('alert');
    expect(report).toHaveTextContent('2 conversations imported from ChatGPT, 1 skipped:');
    expect(report).toHaveTextContent('“Broken”: it is neither a ChatGPT nor a Claude conversation.');
    expect(await screen.findByRole('listitem', { name: 'Conversation 1' })).toBeInTheDocument();
    // Grouped by prompt, they sit under the prompt the import made.
    await userEvent.click(screen.getByRole('checkbox', { name: 'Group by prompt' }));
    expect(await screen.findByRole('heading', { name: /Imported/ })).toBeInTheDocument();
  });

  it('takes a Claude export; the same file again adds nothing', async () => {
    renderApp(db, '/ai/prompts/runs');
    const input = await screen.findByLabelText(/Import file/);
    const file = jsonFile([claudeConversation(0, { branched: true })]);
    await userEvent.upload(input, file);
    await screen.findByText('1 conversation imported from Claude.');
    await userEvent.upload(input, file);
    await screen.findByText('0 conversations imported from Claude, 1 already here.');
    await waitFor(async () => expect(await db.runs.count()).toBe(1));
  });

  it("still takes the app's own export, and says what is wrong with anything else", async () => {
    renderApp(db, '/ai/prompts/runs');
    const input = await screen.findByLabelText(/Import file/);
    await userEvent.upload(input, jsonFile({ hello: 'world' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Import failed: This is not a prompt-runs export file');
    await userEvent.upload(input, jsonFile({ format: 'prompt-runs-export', version: 1, exported_at: '2026-01-01T00:00:00.000Z', prompts: [], runs: [] }));
    expect(await screen.findByText('Imported: 0 new runs.')).toBeInTheDocument();
  });
});
