import { describe, expect, it, vi } from 'vitest';
import { webLocksLeader } from './leader';

describe('leader election (Web Locks)', () => {
  /** A lock manager with the semantics of navigator.locks for one exclusive name. */
  function fakeLocks() {
    let held = false;
    const queue: Array<() => void> = [];
    return {
      request(_name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>) {
        return new Promise<void>((resolve, reject) => {
          const grant = () => {
            held = true;
            void callback().then(() => {
              held = false;
              resolve();
              queue.shift()?.();
            });
          };
          options.signal?.addEventListener('abort', () => {
            const i = queue.indexOf(grant);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(new DOMException('aborted', 'AbortError'));
            }
          });
          if (held) queue.push(grant);
          else grant();
        });
      },
    };
  }

  it('lets one tab lead and hands over when it closes', async () => {
    const locks = fakeLocks();
    const led: string[] = [];
    const resignA = webLocksLeader('sync', locks).campaign(() => led.push('a'));
    webLocksLeader('sync', locks).campaign(() => led.push('b'));
    await Promise.resolve();
    expect(led).toEqual(['a']);
    resignA();
    await new Promise((r) => setTimeout(r, 0));
    expect(led).toEqual(['a', 'b']);
  });
});

describe('an engine that stops', () => {
  it('keeps leadership until the cycle under way has ended, so no other context pushes beside it', async () => {
    const { createTestWorld } = await import('./test-world');
    const { createPrompt } = await import('../store/prompts');
    const world = createTestWorld(81);
    try {
      const events: string[] = [];
      let releasePush!: () => void;
      const a = world.addDevice('a', {}, {
        leader: { campaign: (onLeader) => (onLeader(), () => void events.push('resigned')) },
      });
      const push = a.transport.push;
      a.transport.push = async (req) => {
        events.push('push sent');
        await new Promise<void>((r) => (releasePush = r));
        events.push('push answered');
        return push(req);
      };
      await createPrompt(a.db, { name: 'in flight' });
      a.engine.start();
      await vi.waitFor(() => expect(events).toContain('push sent'));
      a.engine.stop();
      expect(events).toEqual(['push sent']);
      releasePush();
      await vi.waitFor(() => expect(events).toContain('resigned'));
      expect(events).toEqual(['push sent', 'push answered', 'resigned']);
    } finally {
      await world.dispose();
    }
  });
});
