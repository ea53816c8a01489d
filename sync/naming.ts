// The seed's run-naming rule (plan §5.1): first 50 characters of the first user message, else a timestamp.

export function generateRunName(firstUserMessage?: string, now: Date = new Date()): string {
  const text = firstUserMessage?.replace(/\s+/g, ' ').trim();
  if (text) {
    const preview = text.slice(0, 50).trim();
    return preview + (text.length > 50 ? '...' : '');
  }
  return `Run - ${now.toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  })}`;
}
