/** Static files of the preview host, streamed. */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';

/**
 * A static file streamed to the response. A file removed between the check and the read (a rebuild) answers
 * 404, or ends a response already started, instead of an unhandled stream error ending the server.
 */
export function sendFile(res: ServerResponse, file: string, type: string) {
  const stream = createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'content-type': type });
    stream.pipe(res);
  });
  stream.once('error', (err) => {
    if (res.headersSent) {
      res.destroy(err);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `${file.slice(file.lastIndexOf('/') + 1)} is not readable (${(err as NodeJS.ErrnoException).code}); rebuild the preview.` }));
    }
  });
}

