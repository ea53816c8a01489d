import { describe, expect, it } from 'vitest';
import { extractVariables, malformedPlaceholders, renderTemplate } from './template';
import { generateRunName } from './naming';

describe('extractVariables', () => {
  it('finds names in order, once each, tolerating spaces inside braces', () => {
    expect(extractVariables('Hi {{name}}, about {{ topic }} and {{name}} again')).toEqual(['name', 'topic']);
  });
  it('ignores what is not a variable', () => {
    expect(extractVariables('{{}} {{ }} {{a{b}} {single} {{ok_1}} {{two\nlines}}')).toEqual(['ok_1']);
  });
  it('takes names with spaces and other printable characters but braces', () => {
    expect(extractVariables('A {{traveller type}} to {{ ville d’arrivée }} ({{item.1}}, {{1abc}}, {{#tag}})')).toEqual([
      'traveller type',
      'ville d’arrivée',
      'item.1',
      '1abc',
      '#tag',
    ]);
  });
});

describe('malformedPlaceholders', () => {
  it('names double braces that are not a variable, once each', () => {
    expect(malformedPlaceholders('{{}} {{ }} {{a{b}} {{two\nlines}} {{ok}} {{traveller type}} {{}}')).toEqual([
      '{{}}',
      '{{ }}',
      '{{a{b}}',
      '{{two\nlines}}',
    ]);
    expect(malformedPlaceholders('JSON {"a": {"b": 1}} and {single}')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('substitutes values literally, special characters included', () => {
    const { text, missing } = renderTemplate('A {{x}} B', { x: '$& {{y}} <script>"é"</script>' });
    expect(text).toBe('A $& {{y}} <script>"é"</script> B');
    expect(missing).toEqual([]);
  });
  it('treats an empty string as a value', () => {
    expect(renderTemplate('[{{x}}]', { x: '' })).toEqual({ text: '[]', missing: [] });
  });
  it('reports missing variables and leaves them visible', () => {
    expect(renderTemplate('{{a}} and {{b}}', { a: '1' })).toEqual({ text: '1 and {{b}}', missing: ['b'] });
  });
  it('replaces a name with spaces, written with or without spaces around it', () => {
    expect(renderTemplate('For a {{traveller type}} ({{ traveller type }})', { 'traveller type': 'solo hiker' })).toEqual({
      text: 'For a solo hiker (solo hiker)',
      missing: [],
    });
  });
  it('does not read inherited properties as values', () => {
    expect(renderTemplate('{{constructor}}', {}).missing).toEqual(['constructor']);
  });
});

describe('generateRunName', () => {
  it('uses the first 50 characters of the first user message', () => {
    const long = 'x'.repeat(60);
    expect(generateRunName(long)).toBe('x'.repeat(50) + '...');
    expect(generateRunName('  Short question?  ')).toBe('Short question?');
  });
  it('keeps special characters as they are', () => {
    expect(generateRunName('Ünïcödé 🚀 <b>&amp;</b>')).toBe('Ünïcödé 🚀 <b>&amp;</b>');
  });
  it('falls back to a timestamp name', () => {
    const name = generateRunName(undefined, new Date('2024-10-27T15:45:00'));
    expect(name).toBe('Run - Oct 27, 2024, 3:45 PM');
    expect(generateRunName('   ', new Date('2024-10-27T15:45:00'))).toBe(name);
  });
});
