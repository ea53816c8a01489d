// Message text as markdown. Untrusted by design (model output, synced data): raw HTML is shown as
// text, never parsed into elements; URLs go through react-markdown's safe-protocol filter
// (javascript: becomes empty) and rehype-sanitize applies GitHub's allow-list on top.
import { memo, useRef, type ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeSanitize from 'rehype-sanitize';
import { CopyButton } from './copy-button';
import { remarkHtmlAsText } from './remark-html-as-text';

const REMARK_PLUGINS = [remarkGfm, remarkHtmlAsText];
const REHYPE_PLUGINS = [rehypeSanitize];

/** A fenced block's language, from its code element's class (```ts gives language-ts). */
function languageOf(node: { children?: unknown[] } | undefined): string | null {
  const code = node?.children?.[0] as { properties?: { className?: unknown } } | undefined;
  const classes = Array.isArray(code?.properties?.className) ? code.properties.className : [];
  const language = classes.map(String).find((c) => c.startsWith('language-'));
  return language ? language.slice('language-'.length) : null;
}

/** A code block: dark in both themes, with its language and a Copy button above the code. */
function CodeBlock({ language, ...rest }: ComponentProps<'pre'> & { language: string | null }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="my-2 overflow-hidden rounded-md bg-code text-code-text dark:ring-1 dark:ring-slate-200">
      <div className="flex items-center justify-between border-b border-code-text/20 pl-3 text-xs">
        <span>{language ?? 'Code'}</span>
        <CopyButton text={() => pre.current?.textContent ?? ''} variant="code" />
      </div>
      <pre ref={pre} className="overflow-x-auto p-3 text-sm" {...rest} />
    </div>
  );
}

const components: Components = {
  // Links leave the app in a new tab without handing it a reference to this window.
  a: ({ node: _node, href, children, ...rest }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-sky-700 underline" {...rest}>
        {children}
      </a>
    ) : (
      <span className="text-sky-700 underline">{children}</span>
    ),
  pre: ({ node, ...rest }) => <CodeBlock language={languageOf(node)} {...rest} />,
  code: ({ node: _node, className, ...rest }) => <code className={`${className ?? ''} font-mono text-[0.9em]`} {...rest} />,
  table: ({ node: _node, ...rest }) => (
    <div className="my-2 overflow-x-auto">
      <table className="border-collapse text-sm [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 [&_th]:border [&_th]:border-slate-300 [&_th]:px-2" {...rest} />
    </div>
  ),
};

export const MarkdownText = memo(function MarkdownText({ text }: { text: string }) {
  return (
    <div className="break-words [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:my-1.5 [&_ul]:list-disc [&_ul]:pl-6 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_blockquote]:border-l-4 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600">
      <Markdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
