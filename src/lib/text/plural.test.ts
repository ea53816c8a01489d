import { describe, expect, it } from 'vitest';
import { count, pick } from './plural';

describe('count', () => {
  it('words a count with the plural rules', () => {
    expect(count(0, 'run')).toBe('0 runs');
    expect(count(1, 'run')).toBe('1 run');
    expect(count(6, 'message')).toBe('6 messages');
    expect(count(2, 'reply', 'replies')).toBe('2 replies');
    expect(count(1100, 'conversation')).toBe('1,100 conversations');
    expect(count(999, 'run')).toBe('999 runs');
    expect(count(1_234_567, 'message')).toBe('1,234,567 messages');
    expect(pick(1, 'it', 'them')).toBe('it');
    expect(pick(3, 'it', 'them')).toBe('them');
  });
});
