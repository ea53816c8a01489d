// The virtualised runs list: only the rows in view are in the DOM, more runs load in chunks as the
// end comes near, headings split it into date groups (or prompts), and pulling down at the top on a
// touch screen reloads it.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useNavigate } from 'react-router';
import type { RunView } from '@sync/store/run-queries';
import { rowRem, type ListRow } from './list-rows';
import { RunListItem, type RunListItemProps } from './run-list-item';
import { RowIconSprite } from './row-icons';

const PULL_PX = 70;

interface RunListProps extends Pick<RunListItemProps, 'onCommand' | 'onRename' | 'onOpen' | 'onToggleSelect'> {
  rows: ListRow[];
  view: RunView;
  currentRunId: string | null;
  selecting: boolean;
  selected: ReadonlySet<string>;
  hasMore: boolean;
  onLoadMore: () => void;
  onRefresh: () => void;
  empty: ReactNode;
  label: string;
}

export function RunList(props: RunListProps) {
  const { rows, view, currentRunId, selecting, selected, hasMore, onLoadMore, onRefresh, empty, label } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The data router's navigate is one stable function, so passing it keeps the rows memoised.
  const navigate = useNavigate();
  const onNavigate = useCallback((href: string) => void navigate(href), [navigate]);
  // Rows have fixed heights in rem (see rowRem): the estimate is exact, no row is measured.
  const remPx = useMemo(() => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16, []);
  // Stable until the rows change: the virtualizer re-lays out every row (10,000 at the end of the list)
  // whenever getItemKey is a new function, which a new closure on each scroll frame's render made it.
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const estimateSize = useCallback((i: number) => (rows[i] ? rowRem(rows[i]) : 2) * remPx, [rows, remPx]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 6,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  // Infinite scroll: the next chunk loads when the last rows come into view.
  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 4) onLoadMore();
  }, [hasMore, lastIndex, rows.length, onLoadMore]);

  const pull = usePullToRefresh(scrollRef, onRefresh);

  return (
    <div ref={scrollRef} data-runs-scroller className="relative min-h-0 flex-1 overflow-y-auto overscroll-contain" {...pull.handlers}>
      <p aria-live="polite" className={pull.distance > 0 ? 'py-2 text-center text-xs text-slate-600' : 'sr-only'}>
        {pull.distance >= PULL_PX ? 'Release to refresh' : pull.distance > 0 ? 'Pull to refresh' : pull.announce}
      </p>
      {rows.length === 0 ? (
        empty
      ) : (
        <RowIconSprite>
          <div role="list" aria-label={label} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  className="absolute left-0 top-0 w-full px-1"
                  style={{ height: `${rowRem(row)}rem`, transform: `translateY(${item.start}px)` }}
                  role={row.kind === 'heading' ? 'listitem' : 'none'}
                >
                  {row.kind === 'heading' ? (
                    <h3 className="px-2 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{row.label}</h3>
                  ) : (
                    <RunListItem
                      entry={row.entry}
                      view={view}
                      active={row.entry.run.id === currentRunId}
                      selecting={selecting}
                      selected={selected.has(row.entry.run.id)}
                      onToggleSelect={props.onToggleSelect}
                      onCommand={props.onCommand}
                      onRename={props.onRename}
                      onNavigate={onNavigate}
                      {...(props.onOpen ? { onOpen: props.onOpen } : {})}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </RowIconSprite>
      )}
    </div>
  );
}

function usePullToRefresh(scrollRef: React.RefObject<HTMLDivElement | null>, onRefresh: () => void) {
  const start = useRef<number | null>(null);
  const [distance, setDistance] = useState(0);
  const [announce, setAnnounce] = useState('');
  return {
    distance,
    announce,
    // Touch events, not pointer events: the browser takes a vertical drag over for scrolling and
    // cancels its pointer, but keeps delivering touchmove.
    handlers: {
      onTouchStart(e: React.TouchEvent) {
        const touch = e.touches[0];
        if (touch && e.touches.length === 1 && (scrollRef.current?.scrollTop ?? 0) <= 0) start.current = touch.clientY;
      },
      onTouchMove(e: React.TouchEvent) {
        const touch = e.touches[0];
        if (start.current !== null && touch) setDistance(Math.max(0, touch.clientY - start.current));
      },
      onTouchEnd() {
        if (start.current !== null && distance >= PULL_PX) {
          onRefresh();
          setAnnounce('Runs refreshed');
        }
        start.current = null;
        setDistance(0);
      },
      onTouchCancel() {
        start.current = null;
        setDistance(0);
      },
    },
  };
}
