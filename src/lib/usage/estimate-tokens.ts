// Token estimates for replies whose provider did not report usage. About four characters a token is
// the usual rule for English with OpenAI's and Anthropic's tokenizers; every figure made from it is
// marked as an estimate wherever it is shown.
import type { ChatMessage } from '@/lib/llm/types';

const CHARS_PER_TOKEN = 4;
/** Each message costs a few tokens of framing (role markers) on top of its text. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** What a request's messages come to, as the model would count them. */
export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + TOKENS_PER_MESSAGE, 0);
}
