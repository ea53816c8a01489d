// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/react';
import { MarkdownText } from './markdown';

describe('MarkdownText', () => {
  it('shows raw HTML as text and never creates its elements or handlers', () => {
    const hit = vi.fn();
    (window as unknown as { __hit: () => void }).__hit = hit;
    const { container } = render(<MarkdownText text={'Before <img src=x onerror="window.__hit()"> after <script>window.__hit()</script>'} />);
    expect(container.querySelector('img, script, [onerror]')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="window.__hit()">');
    expect(hit).not.toHaveBeenCalled();
  });

  it('makes javascript: and data: links inert but keeps https links, opening safely', () => {
    const { container, getByText } = render(
      <MarkdownText text={'[bad](javascript:alert(1)) [data](data:text/html,hi) [good](https://example.com)'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com']);
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(getByText('bad').tagName).toBe('SPAN');
  });

  it('renders GitHub-flavoured markdown: emphasis, tables, code', () => {
    const { container } = render(<MarkdownText text={'**b** `x<y`\n\n| a | b |\n|---|---|\n| 1 | 2 |'} />);
    expect(container.querySelector('strong')?.textContent).toBe('b');
    expect(container.querySelector('code')?.textContent).toBe('x<y');
    expect(container.querySelectorAll('td')).toHaveLength(2);
  });
});
