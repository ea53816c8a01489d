import { describe, expect, it } from 'vitest';
import type { Prompt } from '@sync/model';
import { toFormState, toPromptInput } from './prompt-form';

const prompt = {
  id: 'p', user_id: null, name: 'Trip', description: '', system_message: '', user_template: '', variables: [],
  settings: { provider: 'uuid-1', model_id: 'llama3.2', model_label: 'llama3.2 · Ollama', top_p: 0.9 },
  status: 'active', created_at: '', updated_at: '', field_updated_at: {},
} as Prompt;

describe('a prompt keeps its model\'s name', () => {
  it('saves the name given for the picked model, and drops the old one when the model changes without a name', () => {
    const state = toFormState(prompt);
    const same = toPromptInput(state, [], 'llama3.2 · Home server');
    expect(same.ok && same.input.settings).toEqual({ provider: 'uuid-1', model_id: 'llama3.2', model_label: 'llama3.2 · Home server', top_p: 0.9 });
    const other = toPromptInput({ ...state, model: 'uuid-2:mistral' }, []);
    expect(other.ok && other.input.settings).toEqual({ provider: 'uuid-2', model_id: 'mistral', top_p: 0.9 });
  });
});
