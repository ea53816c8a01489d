// The compare view's address, shared by the pages that open it: /ai/prompts/runs/compare?ids=a,b[,c,d].

export const COMPARE_PATH = '/ai/prompts/runs/compare';
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

export function compareUrl(ids: readonly string[]): string {
  return `${COMPARE_PATH}?ids=${ids.map(encodeURIComponent).join(',')}`;
}

export type CompareIds = { ok: true; ids: string[] } | { ok: false; message: string };

/** The run ids of a compare address, in order, without repeats; a clear message when there are too few or many. */
export function parseCompareIds(search: URLSearchParams): CompareIds {
  const ids = [
    ...new Set(
      search
        .getAll('ids')
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length < MIN_COMPARED) return { ok: false, message: 'Pick at least two runs to compare: select them on the Runs page and press Compare.' };
  if (ids.length > MAX_COMPARED) return { ok: false, message: `Up to ${MAX_COMPARED} runs can be compared at once: pick fewer.` };
  return { ok: true, ids };
}
