import type { ReactNode } from 'react';

/**
 * A turning icon for work in progress. It turns in eight steps a second on an HTML wrapper, and stands still
 * for people who ask for reduced motion (the words beside it say what is happening). A smooth turn draws a
 * frame 60 times a second for as long as the work lasts: on an SVG element each frame is painted on the
 * page's thread, and either way the compositor redraws. In a first sync of 3,000 runs on a 2-core host, the
 * header's smooth turning icon kept the compositor 50-70% busy and every message was held after 42 s;
 * stepped, the compositor was 10-14% busy and it took 34-40 s.
 */
export function Spinner({ icon, className = '' }: { icon: ReactNode; className?: string }) {
  return (
    <span className={`inline-flex shrink-0 motion-safe:animate-spin-steps ${className}`} aria-hidden="true">
      {icon}
    </span>
  );
}
