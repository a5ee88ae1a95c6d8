const NUMBERED = /^\d+(?:[-.]\d+)*$/;

/**
 * Siblings in the order of their numbers (2-1, 2-2, 2-3) when every one is numbered so: the API
 * answers a plan's nodes in order of first appearance in its file, and a file may list a node
 * without items of its own last (宝塚市 DX's 2-1). Otherwise the file's order stands.
 */
export function inCodeOrder<T extends { code: string }>(nodes: readonly T[]): T[] {
  if (!nodes.every((n) => NUMBERED.test(n.code))) return [...nodes];
  const parts = (code: string) => code.split(/[-.]/).map(Number);
  return [...nodes].sort((a, b) => {
    const [x, y] = [parts(a.code), parts(b.code)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}
