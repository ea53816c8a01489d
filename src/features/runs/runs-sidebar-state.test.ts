// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { resetRunsSidebar, setRunsSidebar, useRunsSidebar } from './runs-sidebar-state';

afterEach(() => {
  localStorage.clear();
  resetRunsSidebar();
});

describe('runs sidebar state', () => {
  it('is closed and scoped to the prompt on a new device', () => {
    expect(renderHook(() => useRunsSidebar()).result.current).toEqual({ open: false, scope: 'prompt', folders: true });
  });

  it('keeps what the person chose on the device, and ignores what it cannot read', () => {
    const { result } = renderHook(() => useRunsSidebar());
    act(() => setRunsSidebar({ open: true }));
    act(() => setRunsSidebar({ scope: 'all' }));
    act(() => setRunsSidebar({ folders: false }));
    expect(result.current).toEqual({ open: true, scope: 'all', folders: false });
    expect(JSON.parse(localStorage.getItem('prompt-runs:runs-sidebar')!)).toEqual({ open: true, scope: 'all', folders: false });
    act(() => resetRunsSidebar()); // as the next start reads it
    expect(result.current).toEqual({ open: true, scope: 'all', folders: false });
    localStorage.setItem('prompt-runs:runs-sidebar', '{not json');
    act(() => resetRunsSidebar());
    expect(result.current).toEqual({ open: false, scope: 'prompt', folders: true });
  });
});
