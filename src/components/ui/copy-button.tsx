// "Copy" for a message or a code block: puts the text on the clipboard and says "Copied" for a moment
// (on the button, and to screen readers through a polite live region beside it).
import { useEffect, useRef, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { Button, type ButtonVariant } from './button';

const CONFIRM_MS = 2000;

/** Clipboard API where the page may use it; else the older copy command on a hidden field. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.cssText = 'position:fixed;opacity:0;pointer-events:none';
    document.body.append(field);
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      field.remove();
    }
  }
}

interface CopyButtonProps {
  /** The text, read when pressed (a code block's text is read from the page then). */
  text: string | (() => string);
  variant?: ButtonVariant;
  className?: string;
}

export function CopyButton({ text, variant = 'ghost', className = '' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const ok = await copyText(typeof text === 'function' ? text() : text);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), CONFIRM_MS);
  };
  return (
    <>
      <Button variant={variant} className={`px-2 text-xs ${className}`} onClick={() => void copy()}>
        {state === 'copied' ? <Check className="size-4" aria-hidden="true" /> : <Copy className="size-4" aria-hidden="true" />}
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Not copied' : 'Copy'}
      </Button>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Copying is blocked here' : ''}
      </span>
    </>
  );
}
