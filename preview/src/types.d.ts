declare module 'grafana-runtime-plugin-page' {
  import { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
