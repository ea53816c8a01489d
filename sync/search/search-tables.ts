// The tables and records the search index keeps. Named here, not imported from the schema, because the
// schema (db.ts) installs the index: the index modules depend on this file only.
import type Dexie from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { Message, Run } from '../model';

/** Document numbers a run takes at a time (search-indexer.ts): a run's numbers sit together. */
export const BLOCK = 32;

export const docNumber = (record: Pick<SearchRunRecord, 'r'>, slot: number): number | null => {
  const block = record.r[Math.floor(slot / BLOCK)];
  return block === undefined ? null : block * BLOCK + (slot % BLOCK);
};

/** The text of a run's own document (slot 0): its name and description. */
export const runText = (run: Pick<Run, 'name' | 'description'>) => `${run.name} ${run.description ?? ''}`;

/** What a run's card (run-cards.ts) keeps of a run: enough to filter it into a view, sort it and group it by prompt. */
export type CardRun = Pick<Run, 'id' | 'name' | 'prompt_id' | 'status' | 'last_message_at' | 'message_count' | 'visible_message_count' | 'is_starred' | 'is_pinned'> & {
  settings: Pick<Run['settings'], 'provider' | 'model_id'>;
  shared?: true;
};

export interface RunCard {
  /** The record's `u` when the card was written. */
  u: number;
  run: CardRun;
}

export interface PendingDoc {
  /** Marker key (see search-index.ts). */
  id: string;
  /** Random stamp of the write that left it: the indexer deletes a marker only if no later write replaced it. */
  v?: number;
}

/** One run's place in the index (see search-indexer.ts). */
export interface SearchRunRecord {
  runId: string;
  /** Blocks of document numbers: slot s is number r[⌊s / BLOCK⌋] × BLOCK + s mod BLOCK. */
  r: number[];
  /** Message id per slot ('' for slot 0, the run's name). */
  ids: string[];
  /** Hash of each slot's indexed text; 0: nothing indexed there (a removed message, a run not yet seen). */
  h: number[];
  /** Slots whose text changed after they were indexed (search checks them against their rows). */
  verify?: number[];
  /** Bumped by every write: a pass that read an older record leaves it to the next pass. */
  u: number;
  /** The run's fields a search sorts and filters by, as the record's last write saw them (run-cards.ts). */
  c?: RunCard;
}

/** Sorted words and their encoded posting lists: list i is b[o[i] .. o[i + 1]). */
export interface WordBlock {
  w: string[];
  o: Uint32Array;
  b: Uint8Array;
}

export interface SegmentInfo {
  id: number;
  /** Documents indexed into it (a merged segment: the sum), for the merge policy. */
  docs: number;
}

export interface SearchState {
  key: 'index';
  segments: SegmentInfo[];
  nextSegment: number;
  /** Next free block of document numbers (see search-indexer.ts). */
  nextBlock: number;
  /** A merge in progress writes this segment, a step at a time across indexing passes. */
  merging: number | null;
  /** The segments that merge reads (absent in a merge begun by a version that kept no place: it is dropped). */
  mergeFrom?: number[];
  /** The last word the merge has written (null: none yet); it resumes after it. */
  mergeAfter?: string | null;
  /**
   * Bumped by every write of the runs' slot records, in its transaction (search-indexer.ts): a search keeps
   * the records it read while this is unchanged (search.ts). Absent before any write that counted.
   */
  records?: number;
  /** Records given their card so far (run-cards.ts): after this run id; null once all have one; absent: none yet. */
  cardsAfter?: string | null;
}

export interface SearchIndexTables extends Dexie {
  runs: EntityTable<Run, 'id'>;
  messages: EntityTable<Message, 'id'>;
  searchPending: EntityTable<PendingDoc, 'id'>;
  searchRuns: EntityTable<SearchRunRecord, 'runId'>;
  /** Key [segment, first word of the block]. */
  searchPostings: Table<WordBlock, [number, string]>;
  searchState: EntityTable<SearchState, 'key'>;
}
