// Helpers for data-layer tests: a fresh database per test, and messages built the way the runner builds them.
import { PromptRunsDB } from './db';
import type { Message, Result, Role } from './model';
import { newId, nowIso } from './clock';
import { createPrompt } from './store/prompts';
import { createRun } from './store/runs';

let counter = 0;

export function freshDb(): PromptRunsDB {
  counter += 1;
  return new PromptRunsDB(`test-${counter}-${newId()}`);
}

export function makeMessage(runId: string, role: Role, content: string, parentId: string | null, extra: Partial<Message> = {}): Message {
  return { id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(), ...extra };
}

/** The value of a store call that must succeed; its error fails the test. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/** A saved run of `count` alternating messages under a new prompt; `advance` runs before each message is made. */
export async function saveLongRun(db: PromptRunsDB, count: number, advance: () => void = () => undefined) {
  const prompt = unwrap(await createPrompt(db, { name: 'Imported' }));
  const runId = newId();
  const list: Message[] = [];
  for (let i = 0; i < count; i += 1) {
    advance();
    list.push(makeMessage(runId, i % 2 ? 'assistant' : 'user', `message ${i}`, list.at(-1)?.id ?? null));
  }
  return unwrap(await createRun(db, prompt.id, { name: 'long', variable_values: {}, settings: prompt.settings, messages: list }));
}
