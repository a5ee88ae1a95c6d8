/** A node's code as a shared word and its numbers: 方針2-1 → 方針 + 2-1, 1-3 → '' + 1-3. */
const NUMBERED = /^(\D*?)(\d+(?:[-.]\d+)*)$/;

/**
 * Siblings in the order of their numbers (2-1, 2-2, 2-3; 方針1, 方針2) when every one is numbered
 * so, after the same word if any: the API answers a plan's nodes in order of first appearance in
 * its file, and a file may list a node late (宝塚市 DX's 2-1, which has no action of its own).
 * Otherwise the file's order stands.
 */
export function inCodeOrder<T extends { code: string }>(nodes: readonly T[]): T[] {
  const keys = nodes.map((n) => NUMBERED.exec(n.code));
  if (keys.some((k) => k === null) || new Set(keys.map((k) => k![1])).size > 1) return [...nodes];
  const numbers = new Map(nodes.map((n, i) => [n, keys[i]![2]!.split(/[-.]/).map(Number)]));
  return [...nodes].sort((a, b) => {
    const [x, y] = [numbers.get(a)!, numbers.get(b)!];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}
