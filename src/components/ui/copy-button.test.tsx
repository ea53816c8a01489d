// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CopyButton } from './copy-button';
import { MarkdownText } from './markdown';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('Copy', () => {
  it('a code block has its language and a Copy button that copies the code alone', async () => {
    const user = userEvent.setup();
    render(<MarkdownText text={'Run this:\n\n```ts\nconst answer = 42;\nconsole.log(answer);\n```\n\nand `inline` too.'} />);
    expect(screen.getByText('ts')).toBeInTheDocument();
    const copy = screen.getByRole('button', { name: 'Copy' });
    await user.click(copy);
    expect(await navigator.clipboard.readText()).toBe('const answer = 42;\nconsole.log(answer);\n');
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Copied to the clipboard');
  });

  it('every code block has its own Copy (none for inline code)', () => {
    render(<MarkdownText text={'```\none\n```\n\n`inline`\n\n```py\ntwo\n```'} />);
    expect(screen.getAllByRole('button', { name: 'Copy' })).toHaveLength(2);
    expect(screen.getByText('Code')).toBeInTheDocument(); // a block without a language
  });

  it('says Copied for two seconds, then Copy again; keyboard Enter copies too', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) });
    render(<CopyButton text="Hello there" />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Copy' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await navigator.clipboard.readText()).toBe('Hello there');
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(2100));
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();
  });

  it('where the clipboard is refused, falls back to the copy command, and says so if that fails too', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    const exec = vi.fn(() => false);
    document.execCommand = exec;
    render(<CopyButton text="Secret" />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(exec).toHaveBeenCalledWith('copy');
    expect(within(document.body).getByRole('button', { name: 'Not copied' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Copying is blocked here');
  });
});
