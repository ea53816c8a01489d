// Helpers for data-layer tests: a fresh database per test, and messages built the way the runner builds them.
import { PromptRunsDB } from './db';
import type { Message, Result, Role } from './model';
import { newId, nowIso } from './clock';

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
