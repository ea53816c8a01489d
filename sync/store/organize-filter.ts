// The runs a list may show once tags and a folder narrow it: read off the tag and folder indexes (cost:
// the tagged or filed runs, not every run), and `tag:travel` words taken out of the search text.
import type { PromptRunsDB } from '../db';
import { runIdsWithTags, tagIdsNamed } from './tags';
import { runIdsInFolder } from './folders';
import { effectiveFolderId } from '../organize-merge';

/** A folder's id, or NO_FOLDER for the runs filed nowhere (or in a folder deleted since). */
export const NO_FOLDER = 'none';

export interface OrganizeFilter {
  tagIds?: readonly string[];
  folder?: string | null;
  search?: string;
}

export interface RunRestriction {
  /** Only these runs (null: no such limit). */
  only: ReadonlySet<string> | null;
  /** Never these runs. */
  except: ReadonlySet<string> | null;
  /** The search text without its `tag:` words. */
  search: string;
}

const TAG_WORD = /(?:^|\s)tag:(?:"([^"]+)"|(\S+))/gi;

/** `tag:travel tag:"road trip" lisbon` → tags ['travel', 'road trip'], text 'lisbon'. */
export function splitTagWords(search: string): { tags: string[]; text: string } {
  const tags: string[] = [];
  const text = search.replace(TAG_WORD, (_, quoted: string | undefined, bare: string | undefined) => {
    tags.push((quoted ?? bare ?? '').trim());
    return ' ';
  });
  return { tags: tags.filter(Boolean), text: text.replace(/\s+/g, ' ').trim() };
}

const intersect = (a: ReadonlySet<string> | null, b: ReadonlySet<string>): Set<string> => new Set(a ? [...b].filter((id) => a.has(id)) : b);

export async function restrictRuns(db: PromptRunsDB, filter: OrganizeFilter): Promise<RunRestriction> {
  const { tags: named, text } = splitTagWords(filter.search ?? '');
  let only: Set<string> | null = null;
  let except: Set<string> | null = null;
  const tagIds = [...(filter.tagIds ?? [])];
  if (named.length > 0) {
    const ids = await tagIdsNamed(db, named);
    // A tag named in the search that does not exist matches nothing.
    if (!ids) return { only: new Set(), except: null, search: text };
    tagIds.push(...ids);
  }
  if (tagIds.length > 0) only = await runIdsWithTags(db, [...new Set(tagIds)]);
  if (filter.folder === NO_FOLDER) {
    const [rows, folders] = await Promise.all([db.runFolders.toArray(), db.folders.toArray()]);
    const index = new Map(folders.map((f) => [f.id, f]));
    except = new Set(rows.filter((r) => effectiveFolderId(r.folder_id, index) !== null).map((r) => r.run_id));
  } else if (filter.folder) {
    only = intersect(only, await runIdsInFolder(db, filter.folder));
  }
  return { only, except, search: text };
}
