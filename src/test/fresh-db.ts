// A new, empty device database per test (fake-indexeddb, installed by tests/setup.ts): tests never share rows.
import { newId } from '@sync/clock';
import { PromptRunsDB } from '@sync/db';

export function freshDb(): PromptRunsDB {
  return new PromptRunsDB(`test-${newId()}`);
}
