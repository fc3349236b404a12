import { parseJsonPath } from '@graph-calling/models';
import { parseTree, type Node } from 'jsonc-parser';

/**
 * Where a JSON path points in a JSON text that starts at `line` of its page: the nearest existing
 * node (a missing property points at its object). 1-based line and column.
 */
export function positionOf(text: string, path: string, line: number): { line: number; column: number } {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (tree === undefined) return { line, column: 1 };
  // Walk down as far as the path exists; with duplicate keys the last one is the value that counts.
  let node: Node = tree;
  for (const segment of parseJsonPath(path)) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next;
  }
  const offset = node.offset;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: line + lines.length - 1, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function child(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object') return undefined;
  const matches = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
  return matches[matches.length - 1]?.children?.[1];
}
