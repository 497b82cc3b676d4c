/**
 * One browser test file's world: the real stack, the preview host pointed at its Prometheus, and Chromium, started
 * before the file's tests (with `rangeSeconds` of data in Prometheus) and stopped after them.
 */
import { Browser } from 'playwright-core';
import { launch } from './browser';
import { Preview, startPreview } from './preview';
import { Stack, StackOptions, startStack } from './stack';

export interface BrowserStack {
  stack: Stack;
  preview: Preview;
  browser: Browser;
}

export function useBrowserStack(opts: StackOptions, rangeSeconds = 30): BrowserStack {
  const env = {} as BrowserStack;
  beforeAll(async () => {
    env.stack = await startStack(opts);
    env.preview = await startPreview(env.stack.promUrl);
    env.browser = await launch();
    await env.stack.waitForRange(rangeSeconds);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.preview?.stop();
    await env.stack?.stop();
  });
  return env;
}
