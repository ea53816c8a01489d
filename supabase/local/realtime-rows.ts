// The two database reads of the local Realtime's postgres_changes (realtime.ts): a table's columns and
// primary key (cached), and whether a subscriber may see a changed row, read back under their role and
// claims so the table's RLS decides, as Realtime does.
import type { SqlPool } from './database';
import { quoteIdent, type Change } from './realtime-protocol';

export function createRowChecks(db: SqlPool) {
  const columnsCache = new Map<string, Promise<{ columns: Array<{ name: string; type: string }>; primaryKey: string[] }>>();

  function tableInfo(schema: string, table: string) {
    const key = `${schema}.${table}`;
    let found = columnsCache.get(key);
    if (!found) {
      found = db.query<{ name: string; type: string; pk: boolean }>(
        `select a.attname as name, t.typname as type,
                coalesce(a.attnum = any(i.indkey), false) as pk
           from pg_attribute a
           join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
           join pg_type t on t.oid = a.atttypid
           left join pg_index i on i.indrelid = c.oid and i.indisprimary
          where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
          order by a.attnum`,
        [schema, table],
      ).then(({ rows }) => ({ columns: rows.map(({ name, type }) => ({ name, type })), primaryKey: rows.filter((r) => r.pk).map((r) => r.name) }));
      found.catch(() => columnsCache.delete(key));
      columnsCache.set(key, found);
    }
    return found;
  }

  /** Whether the subscriber may see this row: read it back under their role and claims (RLS applies). */
  async function visible(claims: Record<string, unknown>, change: Change, primaryKey: string[]): Promise<boolean> {
    const record = change.record;
    if (!record || primaryKey.length === 0) return false;
    const where = primaryKey.map((column, i) => `${quoteIdent(column)}::text = $${i + 1}`).join(' and ');
    const values = primaryKey.map((column) => {
      const v = record[column];
      return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
    });
    const client = await db.connect();
    try {
      await client.query('begin read only');
      await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [String(claims['role']), JSON.stringify(claims)]);
      const { rows } = await client.query<{ found: boolean }>(
        `select exists(select 1 from ${quoteIdent(change.schema)}.${quoteIdent(change.table)} where ${where}) as found`,
        values,
      );
      await client.query('commit');
      return rows[0]?.found === true;
    } catch {
      // No grant for this role (anon on sync_notices), or the table is gone: nothing to deliver.
      await client.query('rollback').catch(() => undefined);
      return false;
    } finally {
      client.release();
    }
  }

  return { tableInfo, visible };
}
