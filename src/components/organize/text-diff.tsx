// Word-level differences between two texts (jsdiff): words added are marked inserted, words gone marked
// deleted, so screen readers hear them too.
import { diffWords } from 'diff';

export function TextDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <p className="whitespace-pre-wrap break-words text-sm leading-6">
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i} className="rounded-sm bg-emerald-100 px-0.5 text-emerald-950 underline decoration-emerald-700 underline-offset-2">
            <span className="sr-only">[added: </span>
            {p.value}
            <span className="sr-only">]</span>
          </ins>
        ) : p.removed ? (
          <del key={i} className="rounded-sm bg-red-100 px-0.5 text-red-950 decoration-red-700">
            <span className="sr-only">[removed: </span>
            {p.value}
            <span className="sr-only">]</span>
          </del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </p>
  );
}
