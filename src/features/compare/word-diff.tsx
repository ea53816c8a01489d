// Word-level differences between two texts (jsdiff's diffWords): words only in this text are marked
// inserted, words of the baseline missing here marked deleted. Screen readers hear "inserted"/"deleted".
import { diffWords } from 'diff';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export function wordDiff(baseline: string, text: string): DiffPart[] {
  return diffWords(baseline, text).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

export function WordDiff({ baseline, text }: { baseline: string; text: string }) {
  const parts = wordDiff(baseline, text);
  return (
    <p className="whitespace-pre-wrap break-words leading-7">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          <ins key={i} className="mx-0.5 rounded-sm bg-emerald-100 px-0.5 text-emerald-950 no-underline decoration-emerald-700 underline-offset-2 [text-decoration-line:underline]">
            <span className="sr-only">[inserted: </span>
            {p.text}
            <span className="sr-only">]</span>
          </ins>
        ) : (
          <del key={i} className="mx-0.5 rounded-sm bg-rose-100 px-0.5 text-rose-950 decoration-rose-700">
            <span className="sr-only">[deleted: </span>
            {p.text}
            <span className="sr-only">]</span>
          </del>
        ),
      )}
    </p>
  );
}
