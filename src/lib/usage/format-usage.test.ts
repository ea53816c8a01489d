// How usage figures read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCost, formatCount, formatTokens } from './format-usage';

describe('formatCost', () => {
  it('formats fractions of a cent so small costs never read $0.00', () => {
    expect(formatCost(0.000315)).toBe('$0.00032');
    expect(formatCost(0.015)).toBe('$0.02');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(0)).toBe('$0');
  });
});

describe('formatCount and formatTokens', () => {
  it('group thousands and say token or tokens', () => {
    expect(formatCount(12345.4)).toBe('12,345');
    expect(formatTokens(1)).toBe('1 token');
    expect(formatTokens(2500)).toBe('2,500 tokens');
  });
});

describe('loading the module', () => {
  const Real = Intl.NumberFormat;
  afterEach(() => {
    Intl.NumberFormat = Real;
  });

  it('builds no number format until a figure is formatted (the first one loads locale data inside start-up)', async () => {
    vi.resetModules();
    let made = 0;
    Intl.NumberFormat = function (...args: ConstructorParameters<typeof Real>) {
      made += 1;
      return new Real(...args);
    } as unknown as typeof Real;
    const fresh = await import('./format-usage');
    expect(made).toBe(0);
    expect(fresh.formatCount(3)).toBe('3');
    expect(made).toBeGreaterThan(0);
  });
});
