// Raw HTML in a message is shown as the text it is, not parsed and not silently dropped: people paste
// markup into prompts and expect to see it. (Sanitising stays the job of rehype-sanitize.)
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

function convert(node: MdNode): void {
  if (!node.children) return;
  for (const child of node.children) {
    if (child.type === 'html') child.type = 'text';
    else convert(child);
  }
}

/** remark plugin: turns `html` nodes into `text` nodes with the same source. */
export function remarkHtmlAsText() {
  return (tree: MdNode) => convert(tree);
}
