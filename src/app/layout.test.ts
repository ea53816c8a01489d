import { describe, expect, it } from 'vitest';
import { activeLink } from './layout';

const links = [
  { to: '/ai/prompts', label: 'Prompts' },
  { to: '/ai/prompts/runs', label: 'Runs' },
  { to: '/settings', label: 'Settings' },
];

describe('activeLink', () => {
  it('marks the most specific section only', () => {
    expect(activeLink('/ai/prompts', links)?.label).toBe('Prompts');
    expect(activeLink('/ai/prompts/run/p1/r1', links)?.label).toBe('Prompts');
    expect(activeLink('/ai/prompts/runs', links)?.label).toBe('Runs');
    expect(activeLink('/ai/prompts/runs/trash', links)?.label).toBe('Runs');
    expect(activeLink('/settings', links)?.label).toBe('Settings');
    expect(activeLink('/ai/promptsx', links)).toBeUndefined();
  });
});
