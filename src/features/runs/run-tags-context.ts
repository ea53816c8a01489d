// The tags of every run in a list, read once for the list (a live query per row would cost one per row
// scrolled past) and handed to the rows.
import { createContext } from 'react';
import type { Tag } from '@sync/organize-model';

export const RunTagsContext = createContext<ReadonlyMap<string, Tag[]> | undefined>(undefined);
