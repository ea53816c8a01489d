// What one reply used (tokens, times, model) read from its stored metadata, and sums over many. The
// metadata comes from storage or another device, so every field is checked before it is trusted.
import type { Message, MessageMetadata } from '../model';
import { costOf, type PriceTable } from './prices';

/** Echo's name as people read it (also what older replies with its key show). */
export const ECHO_MODEL_NAME = 'Echo (offline)';

export interface ReplyUsage {
  inputTokens: number;
  outputTokens: number;
  /** Either count is an estimate (the provider did not report it). */
  estimated: boolean;
  timeToFirstToken: number | null;
  totalTime: number | null;
  /** The model's API id, the key of the price table. */
  modelId: string;
  /** The name a person reads. */
  modelName: string;
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The model id of an older reply's 'provider:model' key (split at the first colon: model ids have them). */
function modelIdOfKey(key: string | null): string | null {
  if (!key) return null;
  const at = key.indexOf(':');
  return at < 0 ? key : key.slice(at + 1) || null;
}

/** A reply's usage; null for messages that are not finished replies or carry no token counts. */
export function readReplyUsage(message: Pick<Message, 'role' | 'status' | 'metadata'>): ReplyUsage | null {
  if (message.role !== 'assistant' || message.status === 'streaming') return null;
  const meta: MessageMetadata = message.metadata ?? {};
  const output = count(meta.tokens);
  const input = count(meta.inputTokens);
  if (output === null && input === null) return null;
  const modelId = text(meta.modelId) ?? modelIdOfKey(text(meta.model)) ?? 'unknown';
  const modelName = text(meta.modelName) ?? (modelId === 'echo' ? ECHO_MODEL_NAME : modelId);
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    // Replies saved before input tokens were recorded lack them: their totals are incomplete, so estimated.
    estimated: meta.tokensEstimated === true || input === null || output === null,
    timeToFirstToken: count(meta.timeToFirstToken),
    totalTime: count(meta.totalTime),
    modelId,
    modelName,
  };
}

export interface UsageTotals {
  replies: number;
  inputTokens: number;
  outputTokens: number;
  /** Replies whose counts are estimates: the totals (and cost) are estimates when this is above 0. */
  estimatedReplies: number;
  /** Dollars; null when no reply had a price. */
  cost: number | null;
  /** Replies without a price (their cost is missing from `cost`). */
  unpricedReplies: number;
  totalTime: number;
  timedReplies: number;
  timeToFirstToken: number;
  firstTokenReplies: number;
}

export const EMPTY_TOTALS: UsageTotals = Object.freeze({
  replies: 0,
  inputTokens: 0,
  outputTokens: 0,
  estimatedReplies: 0,
  cost: null,
  unpricedReplies: 0,
  totalTime: 0,
  timedReplies: 0,
  timeToFirstToken: 0,
  firstTokenReplies: 0,
});

export function replyCost(usage: ReplyUsage, prices: PriceTable): number | null {
  return costOf({ input: usage.inputTokens, output: usage.outputTokens }, prices[usage.modelId]);
}

/** Totals of every reply among `messages` (all branches: each reply was paid for). */
export function sumUsage(messages: Iterable<Pick<Message, 'role' | 'status' | 'metadata'>>, prices: PriceTable): UsageTotals {
  const t = { ...EMPTY_TOTALS };
  for (const m of messages) {
    const u = readReplyUsage(m);
    if (!u) continue;
    t.replies += 1;
    t.inputTokens += u.inputTokens;
    t.outputTokens += u.outputTokens;
    if (u.estimated) t.estimatedReplies += 1;
    const cost = replyCost(u, prices);
    if (cost === null) t.unpricedReplies += 1;
    else t.cost = (t.cost ?? 0) + cost;
    if (u.totalTime !== null) {
      t.totalTime += u.totalTime;
      t.timedReplies += 1;
    }
    if (u.timeToFirstToken !== null) {
      t.timeToFirstToken += u.timeToFirstToken;
      t.firstTokenReplies += 1;
    }
  }
  return t;
}
