// The aligned turns, virtualised (two 1,000-message runs open as fast as short ones): a row per turn, a
// cell per run shown; with "Show differences" on, each reply is diffed word by word against the first
// run's. On a phone one run's cells show, and a horizontal swipe moves to the next or previous run.
import { memo, useLayoutEffect, useRef, type PointerEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Loader2 } from 'lucide-react';
import type { Message } from '@sync/model';
import { MarkdownText } from '@/components/ui/markdown';
import { Spinner } from '@/components/ui/spinner';
import { ReplyUsageLine } from '@/components/usage/reply-usage-line';
import type { Turn, TurnCell } from './align-turns';
import { WordDiff } from './word-diff';

interface CompareTurnsProps {
  turns: Turn[];
  /** Indexes of the runs whose cells show (all on a wide screen, one on a phone). */
  shown: number[];
  names: string[];
  showDiff: boolean;
  paneId?: string | undefined;
  onSwipe?: ((step: 1 | -1) => void) | undefined;
}

const SWIPE_PX = 60;

export function CompareTurns({ turns, shown, names, showDiff, paneId, onSwipe }: CompareTurnsProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const virtualizer = useVirtualizer({
    count: turns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 220,
    overscan: 3,
    useFlushSync: false,
  });
  useLayoutEffect(() => {
    // For the compare figure (bench): from the page starting to load to the first rows on screen.
    performance.mark('compare:turns-rendered');
  }, []);

  const onPointerDown = (e: PointerEvent) => {
    swipe.current = onSwipe && e.pointerType !== 'mouse' ? { x: e.clientX, y: e.clientY } : null;
  };
  const onPointerUp = (e: PointerEvent) => {
    const start = swipe.current;
    swipe.current = null;
    if (!start || !onSwipe) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > 2 * Math.abs(dy)) onSwipe(dx < 0 ? 1 : -1);
  };

  if (turns.length === 0) return <p className="flex-1 p-4 text-sm text-slate-700">No messages yet: send one below to all runs.</p>;
  return (
    <div
      ref={scrollRef}
      data-compare-scroller=""
      tabIndex={0}
      id={paneId}
      role={paneId ? 'tabpanel' : undefined}
      aria-labelledby={paneId ? `compare-tab-${shown[0]}` : undefined}
      aria-label={paneId ? undefined : 'Turns'}
      className="min-h-0 flex-1 overflow-y-auto overscroll-contain [touch-action:pan-y]"
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (swipe.current = null)}
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const turn = turns[item.index]!;
          const baseline = turn.cells[0];
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="group"
              aria-label={`Turn ${turn.index + 1}`}
              className="absolute left-0 top-0 grid w-full gap-2 border-b border-slate-100 px-2 py-2 sm:px-4"
              style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}
            >
              {shown.map((i) => (
                <CellView
                  key={i}
                  label={`${names[i]}, turn ${turn.index + 1}`}
                  cell={turn.cells[i]!}
                  baseline={showDiff && i > 0 ? baseline : undefined}
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const lastReply = (cell: TurnCell | undefined): Message | undefined => cell?.replies[cell.replies.length - 1];

const CellView = memo(function CellView({ label, cell, baseline }: { label: string; cell: TurnCell; baseline: TurnCell | undefined }) {
  return (
    <div role="region" aria-label={label} className="flex min-w-0 flex-col gap-1">
      {cell.user ? (
        <div className="rounded-lg bg-sky-50 px-3 py-2">
          <p className="text-xs font-semibold text-slate-700">You</p>
          {baseline?.user && baseline.user.content !== cell.user.content ? (
            <div className="text-sm"><WordDiff baseline={baseline.user.content} text={cell.user.content} /></div>
          ) : (
            <p className="whitespace-pre-wrap break-words text-sm">{cell.user.content}</p>
          )}
        </div>
      ) : (
        <p className="px-3 py-2 text-xs text-slate-700">No message at this turn.</p>
      )}
      {cell.replies.map((reply) => (
        <ReplyView key={reply.id} reply={reply} baseline={reply === lastReply(cell) ? lastReply(baseline) : undefined} />
      ))}
    </div>
  );
});

function ReplyView({ reply, baseline }: { reply: Message; baseline: Message | undefined }) {
  return (
    <article aria-label="Assistant message" className="flex min-w-0 flex-col gap-1 rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200">
      {baseline && reply.status !== 'streaming' ? (
        <WordDiff baseline={baseline.content} text={reply.content} />
      ) : reply.content ? (
        <MarkdownText text={reply.content} />
      ) : null}
      {reply.status === 'streaming' ? (
        <p className="flex items-center gap-1 text-xs text-slate-700">
          <Spinner icon={<Loader2 className="size-3" aria-hidden="true" />} /> Writing…
        </p>
      ) : null}
      {reply.status === 'interrupted' ? <p className="text-xs font-medium text-amber-800">Interrupted</p> : null}
      {reply.status === 'error' ? (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">{reply.metadata?.error ?? 'The model failed to reply.'}</p>
      ) : null}
      {reply.status !== 'streaming' ? <ReplyUsageLine message={reply} /> : null}
    </article>
  );
}
