// A message put writes one index entry besides its row ([runId+createdAt]); a run's messages are still
// found by run, also in a database made by a version that kept an index on runId alone.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from './db';
import { messagesOfRun } from './run-messages';
import { makeMessage } from './test-support';

const name = `run-messages-${Math.random()}`;
afterEach(() => Dexie.delete(name));

const indexesOfMessages = (db: PromptRunsDB) => [...db.backendDB().transaction('messages').objectStore('messages').indexNames];

it('keeps one index on messages, by run and time, and finds a run’s messages oldest first through it', async () => {
  const db = new PromptRunsDB(name);
  const [early, late] = [makeMessage('r1', 'user', 'first', null, { createdAt: '2026-12-01T10:00:00.000Z' }), makeMessage('r1', 'assistant', 'second', null, { createdAt: '2026-12-01T10:00:05.000Z' })];
  await db.messages.bulkPut([late, early, makeMessage('r2', 'user', 'other run', null), makeMessage('r10', 'user', 'a run whose id extends r1', null)]);
  expect(indexesOfMessages(db)).toEqual(['[runId+createdAt]']);
  expect((await messagesOfRun(db.messages, 'r1').toArray()).map((m) => m.content)).toEqual(['first', 'second']);
  db.close();
});

it('drops the runId index of a database made at version 13, keeping every message findable by run', async () => {
  const old = new Dexie(name);
  old.version(13).stores({ messages: 'id, runId, [runId+createdAt]', meta: 'key' });
  await old.table('messages').bulkPut([makeMessage('r1', 'user', 'kept', null), makeMessage('r2', 'user', 'kept too', null)]);
  old.close();
  const db = new PromptRunsDB(name);
  await db.open();
  expect(indexesOfMessages(db)).toEqual(['[runId+createdAt]']);
  expect((await messagesOfRun(db.messages, 'r1').toArray()).map((m) => m.content)).toEqual(['kept']);
  db.close();
});
