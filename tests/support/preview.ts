/** The preview host (built bundle + server) on a free loopback port, pointed at a given Prometheus. */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { freePort, Managed, start, waitForHttp } from './processes';
import { ROOT } from './stack';

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

export async function startPreview(promUrl: string): Promise<Preview> {
  if (!existsSync(join(ROOT, 'preview/dist/index.html'))) {
    throw new Error('The preview bundle is not built: run `npm run preview:build`');
  }
  const port = await freePort();
  // The server reads its port and Prometheus from the environment.
  const server: Managed = start('preview', '/usr/bin/env', [`PREVIEW_PORT=${port}`, `PROM_URL=${promUrl}`, process.execPath, '--import', 'tsx', join(ROOT, 'preview/server.ts')], ROOT);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`, server);
  return { url, stop: () => server.stop() };
}
