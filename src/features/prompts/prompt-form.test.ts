import { describe, expect, it } from 'vitest';
import { toFormState, toPromptInput, detectVariables } from './prompt-form';

const base = { ...toFormState(null), name: 'Summarise' };

describe('prompt form', () => {
  it('detects variables from the system message then the template, without duplicates', () => {
    expect(detectVariables({ system_message: 'You are {{role}}.', user_template: 'Summarise {{ text }} for {{role}}' })).toEqual(['role', 'text']);
  });

  it('builds a prompt input with variable defaults and settings; removed variables are dropped', () => {
    const parsed = toPromptInput(
      { ...base, user_template: 'Hi {{who}}', defaults: { who: 'Ada', gone: 'x' }, model: 'ollama:llama3.2:3b', temperature: '0.5', max_tokens: '300' },
      [{ name: 'who', default_value: 'old', description: 'the reader' }],
    );
    expect(parsed).toEqual({
      ok: true,
      input: expect.objectContaining({
        name: 'Summarise',
        variables: [{ name: 'who', default_value: 'Ada', description: 'the reader' }],
        settings: { provider: 'ollama', model_id: 'llama3.2:3b', temperature: 0.5, max_tokens: 300 },
      }),
    });
  });

  it('refuses a blank name and out-of-range numbers, saying which', () => {
    const parsed = toPromptInput({ ...base, name: '  ', temperature: '3', max_tokens: '1.5' });
    expect(parsed).toEqual({ ok: false, errors: { name: expect.any(String), temperature: expect.any(String), max_tokens: expect.any(String) } });
  });

  it('takes variable names with spaces; double braces that are no variable are refused with words', () => {
    expect(detectVariables({ system_message: '', user_template: 'Plan for a {{traveller type}} in {{ city }}' })).toEqual(['traveller type', 'city']);
    const ok = toPromptInput({ ...base, user_template: 'Plan for a {{traveller type}}', defaults: { 'traveller type': 'solo hiker' } });
    expect(ok.ok && ok.input.variables).toEqual([{ name: 'traveller type', default_value: 'solo hiker' }]);
    const refused = toPromptInput({ ...base, system_message: 'You are {{}}.', user_template: 'About {{a{b}}' });
    expect(refused).toEqual({
      ok: false,
      errors: {
        system_message: 'Not a variable: “{{}}”. Put a name between the braces (spaces are fine; no braces or line breaks inside), or remove the braces.',
        user_template: expect.stringContaining('Not a variable: “{{a{b}}”.'),
      },
    });
  });

  it('round-trips a prompt, keeping settings the form does not edit', () => {
    const state = toFormState({
      id: 'p', user_id: null, name: 'N', description: '', system_message: '', user_template: '{{a}}',
      variables: [{ name: 'a', default_value: '1' }], settings: { provider: 'echo', model_id: 'echo', top_p: 0.9 },
      status: 'active', created_at: '', updated_at: '', field_updated_at: {},
    });
    const parsed = toPromptInput(state);
    expect(parsed.ok && parsed.input.settings).toEqual({ provider: 'echo', model_id: 'echo', top_p: 0.9 });
    expect(parsed.ok && parsed.input.variables).toEqual([{ name: 'a', default_value: '1' }]);
  });

  it('keeps which variables are private, round trip, and only for variables still in the prompt', () => {
    const state = toFormState({
      id: 'p', user_id: null, name: 'N', description: '', system_message: 'Key {{key}}', user_template: '{{city}}',
      variables: [{ name: 'key', default_value: '', private: true }, { name: 'city', default_value: 'Lisbon' }],
      settings: { provider: 'echo', model_id: 'echo' }, status: 'active', created_at: '', updated_at: '', field_updated_at: {},
    });
    expect(state.privateNames).toEqual(['key']);
    const parsed = toPromptInput({ ...state, privateNames: ['key', 'city', 'gone'] });
    expect(parsed.ok && parsed.input.variables).toEqual([
      { name: 'key', default_value: '', private: true },
      { name: 'city', default_value: 'Lisbon', private: true },
    ]);
  });
});
