/**
 * The modules Grafana hands to plugins, by the names a plugin's module.js asks for. Transcribed from Grafana's
 * loader: grafana/grafana public/app/features/plugins/loader/sharedDependencies.ts (commit
 * fea2b469c730d0081874d8cdaccefd118a51dfb4), keeping the entries whose packages this repository has. Left out,
 * because no plugin built here can ask for them and their packages are not installed: d3, @kusto/monaco-kusto,
 * Grafana's app/core/* internals and the jquery.flot fakes; 'react-router' is react-router itself (Grafana gives
 * react-router-dom-v5-compat, which re-exports the same react-router v6).
 * 'react/jsx-runtime' is added: create-plugin marks it external (.config/bundler/externals.ts), so the plugin's
 * module.js asks for it.
 *
 * Each entry loads on demand, as in Grafana, so the preview fetches only what the plugin imports. They are the
 * same module instances the preview itself imports: the runtime services it sets are the ones the plugin reads.
 */
import type { ModuleNamespace } from './systemjs';

type Loader = () => Promise<ModuleNamespace>;

/** Packages whose AMD consumers want the default export itself (Grafana marks them __useDefault). */
const useDefault =
  (load: () => Promise<{ default: unknown }>): Loader =>
  async () => ({
    ...(await load()),
    __useDefault: true,
  });

export const SHARED_MODULES: Record<string, Loader> = {
  '@emotion/css': () => import('@emotion/css'),
  '@emotion/react': () => import('@emotion/react'),
  '@grafana/data': () => import('@grafana/data'),
  '@grafana/runtime': () => import('@grafana/runtime'),
  '@grafana/ui': () => import('@grafana/ui'),
  emotion: () => import('@emotion/css'),
  // Grafana hands plugins its i18next instance (getI18nInstance() of @grafana/i18n), i18next's default export.
  i18next: async () => (await import('i18next')).default as unknown as ModuleNamespace,
  jquery: useDefault(() => import('jquery')),
  lodash: useDefault(() => import('lodash')),
  moment: useDefault(() => import('moment')),
  prismjs: () => import('prismjs'),
  react: () => import('react'),
  'react/jsx-runtime': () => import('react/jsx-runtime'),
  'react-dom': () => import('react-dom'),
  'react-inlinesvg': () => import('react-inlinesvg'),
  'react-redux': () => import('react-redux'),
  'react-router': () => import('react-router'),
  'react-router-dom': () => import('react-router-dom'),
  redux: () => import('redux'),
  rxjs: () => import('rxjs'),
  'rxjs/operators': () => import('rxjs/operators'),
  slate: () => import('slate'),
  'slate-plain-serializer': () => import('slate-plain-serializer'),
  'slate-react': () => import('slate-react'),
  '@grafana/slate-react': () => import('slate-react'),
};
