// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Run } from '@sync/model';
import { RunItemMenu, type MenuCommand } from './run-item-menu';

const run = { id: 'r1', name: 'Quokka chat', is_starred: false, status: 'active' } as Run;

function Harness({ onCommand }: { onCommand: (c: MenuCommand) => void }) {
  const [open, setOpen] = useState(false);
  return <RunItemMenu run={run} view="active" open={open} onOpenChange={setOpen} onCommand={onCommand} />;
}

afterEach(cleanup);

describe('RunItemMenu (mounted on first use)', () => {
  it('opens from a click on its button and runs the chosen command', async () => {
    const onCommand = vi.fn();
    render(<Harness onCommand={onCommand} />);
    const button = screen.getByRole('button', { name: 'More actions for Quokka chat' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(screen.queryByRole('menu')).toBeNull();
    await userEvent.click(button);
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Details' }));
    expect(onCommand).toHaveBeenCalledWith('details');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens from the keyboard, and Escape closes it with focus back on its button', async () => {
    render(<Harness onCommand={vi.fn()} />);
    screen.getByRole('button', { name: 'More actions for Quokka chat' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('menuitem', { name: 'Archive' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('button', { name: 'More actions for Quokka chat' })).toHaveFocus();
  });
});
