/**
 * A cycle's id is derived from its workflow id, so whoever starts the cycle (the API, or the
 * previous fiscal year's workflow) arrives at the same id without a lookup. Pure and
 * deterministic (it runs inside workflow code): four FNV-1a passes with different offsets,
 * formatted as an RFC 4122 version-8 ("custom") UUID.
 */
export function cycleIdFor(workflowId: string): string {
  const words = [0x811c9dc5, 0x01000193, 0x5bd1e995, 0x27d4eb2f].map((seed) => fnv1a(workflowId, seed));
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
