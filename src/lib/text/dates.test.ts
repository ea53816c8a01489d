import { describe, expect, it } from 'vitest';
import { dateGroup, relativeTime } from './dates';

const at = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);

describe('relativeTime', () => {
  const now = at(2026, 11, 26, 8);
  it('says minutes and hours within a day', () => {
    expect(relativeTime(at(2026, 11, 26, 7, 55).toISOString(), now)).toBe('5 minutes ago');
    expect(relativeTime(at(2026, 11, 25, 23).toISOString(), now)).toBe('9 hours ago');
    expect(relativeTime(now.toISOString(), now)).toBe('just now');
  });

  it('counts days by the calendar, so the row agrees with its date group', () => {
    const dayBeforeYesterday = at(2026, 11, 24, 23).toISOString(); // 33 hours ago
    expect(relativeTime(dayBeforeYesterday, now)).toBe('2 days ago');
    expect(dateGroup(dayBeforeYesterday, now)).toBe('Previous 7 days');
    const yesterdayMorning = at(2026, 11, 25, 6).toISOString(); // 26 hours ago
    expect(relativeTime(yesterdayMorning, now)).toBe('yesterday');
    expect(dateGroup(yesterdayMorning, now)).toBe('Yesterday');
  });

  it('switches to weeks, months and years further back', () => {
    expect(relativeTime(at(2026, 11, 12, 8).toISOString(), now)).toBe('2 weeks ago');
    expect(relativeTime(at(2026, 8, 20, 8).toISOString(), now)).toBe('3 months ago');
    expect(relativeTime(at(2024, 11, 1, 8).toISOString(), now)).toBe('2 years ago');
  });
});
