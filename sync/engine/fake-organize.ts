// The fake server's tags, folders, tag links, filing and versions, with the semantics of the SQL
// (20261205700000..700200): lww kinds merged per field with the writer tie-break, append-only versions,
// not_found for anything that is not there, run_purged for a run deleted forever, and a purge taking the
// run's links, filing and versions. tests/integration/sync-transport-contract holds both servers to it.
import { clockMs, compareFieldWrites } from '../merge';
import { FOLDER_NAME_MAX, TAG_COLORS, TAG_NAME_MAX } from '../organize-model';
import type { OrganizeWireTable, PushChange } from '../protocol';

export class OrganizeRejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Stored {
  row: Record<string, unknown> & { field_updated_at: Record<string, string>; updated_at: string };
  writers: Record<string, string>;
  pos: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANIZE_TABLES: readonly OrganizeWireTable[] = ['tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders', 'prompt_versions', 'run_versions'];
export const isOrganizeChange = (change: PushChange): boolean => (ORGANIZE_TABLES as readonly string[]).includes(change.table);

/** A protocol-3 pull's organizing arrays, empty. */
export const emptyOrganizeArrays = () => ({ tags: [], folders: [], run_tags: [], prompt_tags: [], run_folders: [], prompt_versions: [], run_versions: [] });

const FIELDS: Record<string, readonly string[]> = {
  tags: ['name', 'color', 'status'],
  folders: ['name', 'parent_id', 'position', 'status'],
  run_tags: ['present'],
  prompt_tags: ['present'],
  run_folders: ['folder_id'],
};

function reject(code: string, message: string): never {
  throw new OrganizeRejection(code, message);
}

function checkValue(table: string, field: string, v: unknown): void {
  const bad = (what: string) => reject('invalid_value', `${table}.${field} must be ${what}`);
  if (field === 'name') {
    const max = table === 'tags' ? TAG_NAME_MAX : FOLDER_NAME_MAX;
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) bad(`a name of 1 to ${max} characters`);
  } else if (field === 'color') {
    if (v !== null && !(TAG_COLORS as readonly unknown[]).includes(v)) bad(`null or one of ${TAG_COLORS.join(', ')}`);
  } else if (field === 'status') {
    if (v !== 'active' && v !== 'deleted') bad('one of active, deleted');
  } else if (field === 'position') {
    if (typeof v !== 'number' || !Number.isFinite(v)) bad('a number');
  } else if (field === 'present') {
    if (typeof v !== 'boolean') bad('true or false');
  } else if (v !== null && (typeof v !== 'string' || !UUID.test(v))) {
    reject('invalid_uuid', `${field} must be a UUID`);
  }
}

export interface OrganizeWorld {
  /** The run's state on the server: absent, live or purged. */
  /** A run of the caller's (or, `membersToo`, one shared with them): 'absent' for anyone else's. */
  run(id: string, membersToo: boolean): 'absent' | 'live' | 'purged';
  hasPrompt(id: string): boolean;
  nextPos(): number;
  clamp(iso: string | undefined): string;
}

export class FakeOrganizeStore {
  readonly rows = new Map<OrganizeWireTable, Map<string, Stored>>(ORGANIZE_TABLES.map((t) => [t, new Map()]));

  constructor(private readonly world: OrganizeWorld) {}

  private get(table: OrganizeWireTable, id: string): Stored | undefined {
    return this.rows.get(table)!.get(id);
  }

  /** `membersToo`: a member's own tags and folder of a shared run (its versions stay the owner's). */
  private ownRun(id: unknown, membersToo = false): string {
    if (typeof id !== 'string' || !UUID.test(id)) reject('invalid_uuid', 'run_id must be a UUID');
    const state = this.world.run(id, membersToo);
    if (state === 'absent') reject('not_found', `run ${id} was not found on the server`);
    if (state === 'purged') reject('run_purged', `run ${id} was deleted forever`);
    return id;
  }

  private ownPrompt(id: unknown): string {
    if (typeof id !== 'string' || !UUID.test(id)) reject('invalid_uuid', 'prompt_id must be a UUID');
    if (!this.world.hasPrompt(id)) reject('not_found', `prompt ${id} was not found on the server`);
    return id;
  }

  private exists(table: 'tags' | 'folders', id: unknown): void {
    if (typeof id !== 'string' || !this.get(table, id)) reject('not_found', `${table === 'tags' ? 'tag' : 'folder'} ${String(id)} was not found on the server`);
  }

  /** A membership ended: this account's tags and folder of the run go with it. */
  dropRun(runId: string): void {
    this.rows.get('run_folders')!.delete(runId);
    const links = this.rows.get('run_tags')!;
    for (const id of [...links.keys()]) if (id.startsWith(`${runId}/`)) links.delete(id);
  }

  apply(clientId: string, change: PushChange): void {
    const table = change.table as OrganizeWireTable;
    if (table === 'prompt_versions' || table === 'run_versions') return this.applyVersion(change, table);
    const values = change.values ?? {};
    const fields = FIELDS[table]!;
    for (const [field, value] of Object.entries(values)) {
      if (!fields.includes(field)) reject('unknown_field', `${table} has no editable field "${field}"`);
      checkValue(table, field, value);
    }
    let rowId: string;
    let fresh: Record<string, unknown>;
    if (table === 'tags' || table === 'folders') {
      if (change.key) reject('unknown_field', `${table} changes name their row by "id"`);
      rowId = change.id ?? '';
      if (!UUID.test(rowId)) reject('invalid_uuid', 'id must be a UUID');
      if (table === 'folders' && typeof values.parent_id === 'string') {
        if (values.parent_id === rowId) reject('invalid_value', 'folders.parent_id must not be the folder itself');
        this.exists('folders', values.parent_id);
      }
      if (!this.get(table, rowId)) {
        if (!change.insert) reject('not_found', `${table === 'tags' ? 'tag' : 'folder'} ${rowId} was not found on the server; if it is new, send it with "insert"`);
        if (!('name' in values)) reject('invalid_value', `a new ${table === 'tags' ? 'tag' : 'folder'} needs a name`);
      }
      const created = this.world.clamp(change.insert?.created_at);
      fresh = table === 'tags'
        ? { id: rowId, name: '', color: null, status: 'active', created_at: created, updated_at: created }
        : { id: rowId, name: '', parent_id: null, position: 0, status: 'active', created_at: created, updated_at: created };
    } else {
      if (change.id !== undefined || !change.key) reject('invalid_change', `${table} changes name their row by "key"`);
      const key = change.key;
      if (Object.keys(key).some((k) => !['run_id', 'prompt_id', 'tag_id'].includes(k))) reject('unknown_field', 'key holds run_id, prompt_id or tag_id only');
      const now = this.world.clamp(undefined);
      if (table === 'run_folders') {
        const run = this.ownRun(key.run_id, true);
        if (typeof values.folder_id === 'string') this.exists('folders', values.folder_id);
        rowId = run;
        fresh = { run_id: run, folder_id: null, updated_at: now };
      } else {
        const item = table === 'run_tags' ? this.ownRun(key.run_id, true) : this.ownPrompt(key.prompt_id);
        if (typeof key.tag_id !== 'string' || !UUID.test(key.tag_id)) reject('invalid_uuid', 'key.tag_id must be a UUID');
        this.exists('tags', key.tag_id);
        rowId = `${item}/${key.tag_id}`;
        fresh = { [table === 'run_tags' ? 'run_id' : 'prompt_id']: item, tag_id: key.tag_id, present: false, updated_at: now };
      }
    }
    const map = this.rows.get(table)!;
    const stored = map.get(rowId) ?? { row: { ...fresh, field_updated_at: {} } as Stored['row'], writers: {}, pos: 0 };
    map.set(rowId, stored);
    for (const [field, value] of Object.entries(values)) {
      const clock = this.world.clamp(change.clocks[field]);
      const current = { clock: stored.row.field_updated_at[field], writer: stored.writers[field], value: stored.row[field] };
      const sameWriterTie = current.writer === clientId && clockMs(clock) === clockMs(current.clock);
      if (current.clock === undefined || sameWriterTie || compareFieldWrites({ clock, writer: clientId, value }, current) > 0) {
        stored.row[field] = value;
        stored.row.field_updated_at[field] = clock;
        stored.writers[field] = clientId;
      }
    }
    stored.row.updated_at = Object.values(stored.row.field_updated_at).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), stored.row.updated_at);
    stored.pos = this.world.nextPos();
  }

  private applyVersion(change: PushChange, table: 'prompt_versions' | 'run_versions'): void {
    if (change.key || Object.keys(change.values ?? {}).length > 0 || Object.keys(change.clocks ?? {}).length > 0) {
      reject('invalid_change', `${table} are never edited: send the whole row in "insert"`);
    }
    const insert = change.insert;
    if (!insert) reject('invalid_change', `a ${table} change needs "insert"`);
    const id = change.id ?? '';
    if (!UUID.test(id)) reject('invalid_uuid', 'id must be a UUID');
    const item = table === 'prompt_versions' ? this.ownPrompt(insert.prompt_id) : this.ownRun(insert.run_id);
    if (typeof insert.device_id !== 'string' || insert.device_id.length > 100 || typeof insert.device_name !== 'string' || insert.device_name.length > 200) {
      reject('invalid_value', `${table}.device_id must be a string of at most 100 characters and device_name of at most 200`);
    }
    const snapshot = insert.snapshot;
    if (!snapshot || typeof snapshot !== 'object' || Array.isArray(snapshot)) reject('invalid_value', `${table}.snapshot must be an object`);
    const allowed = table === 'prompt_versions' ? ['name', 'description', 'system_message', 'user_template', 'variables', 'settings'] : ['name', 'description'];
    const extra = Object.keys(snapshot).find((k) => !allowed.includes(k));
    if (extra) reject('unknown_field', `${table}.snapshot has no field "${extra}"`);
    const map = this.rows.get(table)!;
    if (map.has(id)) return; // append-only: the first copy stays
    const itemKey = table === 'prompt_versions' ? 'prompt_id' : 'run_id';
    const row = { id, [itemKey]: item, created_at: this.world.clamp(insert.created_at), device_id: insert.device_id, device_name: insert.device_name, snapshot: structuredClone(snapshot) };
    map.set(id, { row: row as unknown as Stored['row'], writers: {}, pos: this.world.nextPos() });
  }

  /** A run deleted forever: its links, filing and versions go (names are content). */
  purgeRun(runId: string): void {
    for (const table of ['run_tags', 'run_folders', 'run_versions'] as const) {
      const map = this.rows.get(table)!;
      for (const [key, stored] of map) if (stored.row.run_id === runId) map.delete(key);
    }
  }

  /** Rows changed after `since`, as pull items (pos, the array, the row as the SQL sends it). */
  changedSince(since: number): Array<{ pos: number; array: OrganizeWireTable; row: unknown }> {
    const out: Array<{ pos: number; array: OrganizeWireTable; row: unknown }> = [];
    for (const [table, map] of this.rows) {
      for (const stored of map.values()) if (stored.pos > since) out.push({ pos: stored.pos, array: table, row: structuredClone(stored.row) });
    }
    return out;
  }
}
