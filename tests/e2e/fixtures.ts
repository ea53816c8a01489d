// Shared browser-test helpers: a fast Echo model, and the example prompt a newcomer finds first.
import type { Page } from '@playwright/test';

export const EXAMPLE_PROMPT_ID = '00000000-0000-4000-8000-000000000001'; // "Explain like I am new"
export const FREE_CHAT_ID = '00000000-0000-4000-8000-000000000003';

/** Echo streams at ~20 tokens/s by default; tests speed it up (or slow it down) per page. */
export async function setEchoDelay(page: Page, ms: number): Promise<void> {
  await page.addInitScript((delay) => localStorage.setItem('prompt-runs:echo-delay-ms', String(delay)), ms);
}
