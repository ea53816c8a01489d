// Reading a reply's usage from stored metadata, and totals with costs: the rules every cost on screen uses.
import { describe, expect, it } from 'vitest';
import type { Message } from '@sync/model';
import { DEFAULT_PRICES, costOf, parsePriceTable } from './prices';
import { readReplyUsage, sumUsage } from './reply-usage';

const reply = (metadata: Message['metadata'], status: Message['status'] = 'done'): Pick<Message, 'role' | 'status' | 'metadata'> => ({
  role: 'assistant',
  status,
  metadata,
});

describe('readReplyUsage', () => {
  it('reads reported counts as exact and the model by its id and name', () => {
    expect(readReplyUsage(reply({ tokens: 30, inputTokens: 1000, modelId: 'gpt-4o', modelName: 'gpt-4o · OpenAI', model: 'a1b2:gpt-4o' }))).toMatchObject({
      inputTokens: 1000,
      outputTokens: 30,
      estimated: false,
      modelId: 'gpt-4o',
      modelName: 'gpt-4o · OpenAI',
    });
  });

  it('takes the model id from an older reply’s provider:model key (model ids may hold colons) and marks missing input as an estimate', () => {
    expect(readReplyUsage(reply({ tokens: 5, model: 'b3c4:llama3.2:3b' }))).toMatchObject({ modelId: 'llama3.2:3b', modelName: 'llama3.2:3b', estimated: true, inputTokens: 0 });
    expect(readReplyUsage(reply({ tokens: 5, model: 'echo:echo' }))).toMatchObject({ modelName: 'Echo (offline)' });
  });

  it('ignores user messages, streaming replies, replies without counts and counts that are not numbers', () => {
    expect(readReplyUsage({ role: 'user', status: 'done', metadata: { tokens: 3 } })).toBeNull();
    expect(readReplyUsage(reply({ tokens: 3, inputTokens: 3 }, 'streaming'))).toBeNull();
    expect(readReplyUsage(reply({ error: 'No key.' }, 'error'))).toBeNull();
    expect(readReplyUsage(reply({ tokens: '12' as unknown as number, inputTokens: -4 }))).toBeNull();
  });
});

describe('sumUsage', () => {
  it('adds tokens, times and costs (per model’s price) and counts estimated and unpriced replies', () => {
    const totals = sumUsage(
      [
        reply({ tokens: 1_000, inputTokens: 2_000, modelId: 'gpt-4o', totalTime: 1200, timeToFirstToken: 200 }),
        reply({ tokens: 500, inputTokens: 100, modelId: 'gpt-4o-mini', tokensEstimated: true, totalTime: 800, timeToFirstToken: 400 }),
        reply({ tokens: 7, inputTokens: 7, modelId: 'my-local-model' }),
        { role: 'user', status: 'done', metadata: {} },
      ],
      DEFAULT_PRICES,
    );
    // gpt-4o: 2,000 × $2.50/M + 1,000 × $10/M = $0.015; gpt-4o-mini: 100 × $0.15/M + 500 × $0.60/M = $0.000315.
    expect(totals.cost).toBeCloseTo(0.015315, 9);
    expect(totals).toMatchObject({ replies: 3, inputTokens: 2107, outputTokens: 1507, estimatedReplies: 1, unpricedReplies: 1, totalTime: 2000, timedReplies: 2, timeToFirstToken: 600, firstTokenReplies: 2 });
  });

  it('has no cost when no reply has a price', () => {
    expect(sumUsage([reply({ tokens: 1, inputTokens: 1, modelId: 'unknown-model' })], {}).cost).toBeNull();
  });
});

describe('prices', () => {
  it('prices per million tokens', () => {
    expect(costOf({ input: 1_000_000, output: 1_000_000 }, { input: 3, output: 15 })).toBe(18);
    expect(costOf({ input: 1, output: 1 }, undefined)).toBeNull();
  });

  it('a stored table keeps its valid entries and drops the rest', () => {
    expect(parsePriceTable({ a: { input: 1, output: 2 }, b: { input: -1, output: 2 }, c: 'x', '': { input: 1, output: 1 } })).toEqual({ a: { input: 1, output: 2 } });
    expect(parsePriceTable([1, 2])).toBeNull();
  });

});
