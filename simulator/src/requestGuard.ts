/**
 * What keeps a web page from driving the simulator. A page can make the browser send requests to
 * 127.0.0.1 (forms, images) or rebind its own DNS name to it; so state changes need a JSON POST (which a
 * cross-site page cannot send without a CORS preflight the simulator never grants), a cross-origin Origin is
 * refused, and the Host header must name this machine or a local service, never a public DNS name.
 */
import type http from 'node:http';

/** Largest request body read, in bytes: the only body is `{"scenario": "<name>"}`. */
export const MAX_BODY_BYTES = 4096;

export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * Hosts a DNS rebinding attack cannot use: IP literals, localhost (and *.localhost), and single-label names
 * such as Docker Compose service names (`simulator`), which public DNS never serves.
 */
export function isLocalHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) {
    return false;
  }
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) {
    return true;
  }
  return hostname === 'localhost' || hostname.endsWith('.localhost') || !hostname.includes('.');
}

/** Refuses requests whose Host is a DNS name, or whose Origin is another site. */
export function checkOrigin(req: http.IncomingMessage): void {
  const host = req.headers.host;
  if (!isLocalHost(host)) {
    throw new RequestRefused(403, `Host "${host ?? ''}" is not this machine: use an IP address, localhost or a single-label name.`);
  }
  const origin = req.headers.origin;
  if (origin === undefined) {
    return;
  }
  if (origin === 'null') {
    throw new RequestRefused(403, 'Requests from opaque origins (sandboxed frames, file pages) are refused.');
  }
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== host) {
    throw new RequestRefused(403, `Requests from ${origin} are refused: only pages served by this host may call it.`);
  }
}

/** A state change: POST with a JSON body, nothing else. */
export function requireJsonPost(req: http.IncomingMessage): void {
  if (req.method !== 'POST') {
    throw new RequestRefused(405, 'Changes need POST with Content-Type: application/json, e.g. {"scenario":"kv-pressure"}.');
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new RequestRefused(415, `Content-Type must be application/json, not "${type || 'none'}".`);
  }
}

/** Reads a request body up to `limit` bytes; a longer one is refused with 413 and the rest discarded. */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new RequestRefused(413, `The body has ${declared} bytes; at most ${limit} are read.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !refused) {
        refused = true;
        reject(new RequestRefused(413, `The body is over ${limit} bytes.`));
      }
      if (!refused) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
