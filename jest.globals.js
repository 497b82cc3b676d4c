// Browser APIs that @grafana/scenes and React touch at import time and jsdom lacks.
const { TextEncoder, TextDecoder } = require('util');
const { MessageChannel } = require('worker_threads');

class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

Object.assign(global, { TextEncoder, TextDecoder, MessageChannel });
global.IntersectionObserver = global.IntersectionObserver || NoopObserver;
global.ResizeObserver = global.ResizeObserver || NoopObserver;
