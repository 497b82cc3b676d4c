declare module 'grafana-runtime-plugin-page' {
  import { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
// Shared with plugins as Grafana shares them; the preview never calls them, so untyped is enough.
declare module 'prismjs';
declare module 'slate';
declare module 'slate-plain-serializer';
declare module 'slate-react';
