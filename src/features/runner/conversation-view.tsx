// The conversation on screen, virtualised: only the rows in view are rendered, so a 1,000-message run
// opens as fast as a short one. Rows are measured as they render (dynamic heights); the view opens at
// the latest message and follows new tokens while the reader is at the bottom.
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Message } from '@sync/model';
import { MessageItem, type MessageItemProps } from './message-item';
import { BOTTOM_SLACK_PX, useStickToBottom } from './use-stick-to-bottom';
import { versionPositions } from './versions';

interface ConversationViewProps extends Pick<MessageItemProps, 'onRetry' | 'onContinue' | 'onEdit' | 'onSwitch' | 'readOnly'> {
  /** The branch on screen, root to leaf. */
  path: Message[];
  /** All messages of the run (for version counts). */
  messages: Message[];
  busy: boolean;
}

const ESTIMATED_ROW_PX = 120;

export function ConversationView({ path, messages, busy, onRetry, onContinue, onEdit, onSwitch, readOnly = false }: ConversationViewProps) {
  const scrollRef = useRef<HTMLElement>(null);
  // Version positions change only when messages are added, not on every streamed token.
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the count, not the array, is the trigger
  const versions = useMemo(() => versionPositions(messagesRef.current), [messages.length]);

  const virtualizer = useVirtualizer({
    count: path.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => path[index]?.id ?? index,
    overscan: 4,
    // Rows resizing (a streaming reply growing) keep the view pinned to the end while it is there.
    anchorTo: 'end',
    scrollEndThreshold: BOTTOM_SLACK_PX,
    // React 19: avoid flushSync from inside lifecycle methods.
    useFlushSync: false,
  });

  // Opens at the latest message (sticky from the start) and follows it while the reader stays there.
  useStickToBottom(scrollRef, () => virtualizer.scrollToEnd(), { count: path.length, last: path[path.length - 1] });
  useLayoutEffect(() => {
    // Mark for the resume figure (bench): from the runner starting to load to rows on screen.
    performance.mark('runner:conversation-rendered');
  }, []);

  const lastIndex = path.length - 1;
  return (
    <section ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain" aria-label="Conversation">
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const message = path[row.index];
          if (!message) return null;
          return (
            <div
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              className="absolute left-0 top-0 w-full px-2 py-1.5 sm:px-4"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <MessageItem
                message={message}
                versions={versions.get(message.id) ?? null}
                isLast={row.index === lastIndex}
                busy={busy}
                onRetry={onRetry}
                {...(onContinue ? { onContinue } : {})}
                onEdit={onEdit}
                onSwitch={onSwitch}
                readOnly={readOnly}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}
