/** Deterministic randomness: every draw is a pure function of the seed and a name, so runs repeat exactly. */

/** 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mulberry32: a small, fast generator with a 32-bit state. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw in [0, 1) named by `key` under `seed`. */
export function uniform(seed: number, key: string): number {
  return generator(hashString(`${seed}:${key}`))();
}

/** A standard normal draw named by `key` under `seed` (Box-Muller). */
export function normal(seed: number, key: string): number {
  const next = generator(hashString(`${seed}:${key}`));
  const u = Math.max(next(), 1e-12);
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A Kubernetes-style suffix (the alphabet ReplicaSets use), stable for a seed and key. */
export function k8sHash(seed: number, key: string, length: number): string {
  const next = generator(hashString(`${seed}:${key}`));
  let out = '';
  for (let i = 0; i < length; i++) {
    out += K8S_ALPHABET[Math.floor(next() * K8S_ALPHABET.length)];
  }
  return out;
}

/** A hex string of `length` characters, stable for a seed and key. */
export function hex(seed: number, key: string, length: number): string {
  const next = generator(hashString(`${seed}:${key}`));
  let out = '';
  for (let i = 0; i < length; i++) {
    out += Math.floor(next() * 16).toString(16);
  }
  return out;
}
