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
    expect(activeLink('/ai/prompts/p1/edit', links)?.label).toBe('Prompts');
    expect(activeLink('/ai/prompts/runs', links)?.label).toBe('Runs');
    expect(activeLink('/ai/prompts/runs/trash', links)?.label).toBe('Runs');
    expect(activeLink('/settings', links)?.label).toBe('Settings');
    expect(activeLink('/ai/promptsx', links)).toBeUndefined();
  });

  it("marks 'Runs' while a run is open in the runner, or one prompt's runs are listed", async () => {
    const { headerLinks } = await import('./header-slots');
    expect(activeLink('/ai/prompts/run/p1/r1', headerLinks)?.label).toBe('Runs');
    expect(activeLink('/ai/prompts/run/p1', headerLinks)?.label).toBe('Runs');
    expect(activeLink('/ai/prompts/p1/runs', headerLinks)?.label).toBe('Runs');
    expect(activeLink('/ai/prompts', headerLinks)?.label).toBe('Prompts');
    expect(activeLink('/ai/prompts/new', headerLinks)?.label).toBe('Prompts');
  });
});
