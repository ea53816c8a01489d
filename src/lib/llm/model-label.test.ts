import { describe, expect, it } from 'vitest';
import { modelLabel, nameModel } from './model-label';

const ollama = { id: '10b2a43d-6c1f-4a47-9a51-1f1c7a3b2e11', name: 'Ollama' };

describe('modelLabel', () => {
  it('names Echo, and a model of a known provider by model and provider name', () => {
    expect(modelLabel({ provider: 'echo', model_id: 'echo' })).toBe('Echo (offline)');
    expect(modelLabel({ provider: ollama.id, model_id: 'llama3.2' }, [ollama])).toBe('llama3.2 · Ollama');
    expect(nameModel(ollama, 'llama3.2:3b')).toBe('llama3.2:3b · Ollama');
  });

  it('on a device without the provider, uses the name saved with the run, else the model id: never the provider id', () => {
    expect(modelLabel({ provider: ollama.id, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' }, [])).toBe('llama3.2 · Ollama');
    const bare = modelLabel({ provider: ollama.id, model_id: 'llama3.2' }, []);
    expect(bare).toBe('llama3.2');
    expect(bare).not.toContain(ollama.id);
    expect(modelLabel({ provider: ollama.id, model_id: '' })).toBe('Unknown model');
  });
});
