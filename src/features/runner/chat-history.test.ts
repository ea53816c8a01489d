import { describe, expect, it } from 'vitest';
import type { Message } from '@sync/model';
import { composeFirstMessage, toChatMessages } from './chat-history';

const msg = (role: Message['role'], content: string, status: Message['status'] = 'done'): Message => ({
  id: `${role}-${content}`, runId: 'r', parentId: null, role, content, status, createdAt: '2026-01-01T00:00:00.000Z',
});

describe('composeFirstMessage', () => {
  it('uses the rendered template when the box is empty', () => {
    expect(composeFirstMessage('Explain {{topic}}.', { topic: 'DNS' }, '  ')).toEqual({ text: 'Explain DNS.', missing: [] });
  });
  it('appends typed text after a blank line', () => {
    expect(composeFirstMessage('Explain {{topic}}.\n', { topic: 'DNS' }, 'Briefly.').text).toBe('Explain DNS.\n\nBriefly.');
  });
  it('is just the typed text when there is no template', () => {
    expect(composeFirstMessage('', {}, ' hi ')).toEqual({ text: 'hi', missing: [] });
  });
  it('reports variables without a value and keeps them visible; empty values are values', () => {
    expect(composeFirstMessage('{{a}}-{{b}}', { a: '' }, '')).toEqual({ text: '-{{b}}', missing: ['b'] });
  });
});

describe('toChatMessages', () => {
  it('keeps system, user and answered turns; drops failed and empty replies; keeps interrupted text', () => {
    const path = [msg('system', 'Be brief.'), msg('user', 'q1'), msg('assistant', '', 'error'), msg('user', 'q2'), msg('assistant', 'part', 'interrupted'), msg('user', 'q3')];
    expect(toChatMessages(path)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'q1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'part' },
      { role: 'user', content: 'q3' },
    ]);
  });
});
