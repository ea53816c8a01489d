// How usage figures read.
import { describe, expect, it } from 'vitest';
import { formatCost } from './format-usage';

describe('formatCost', () => {
  it('formats fractions of a cent so small costs never read $0.00', () => {
    expect(formatCost(0.000315)).toBe('$0.00032');
    expect(formatCost(0.015)).toBe('$0.02');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(0)).toBe('$0');
  });
});
