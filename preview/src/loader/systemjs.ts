/**
 * SystemJS set up as Grafana sets it up for plugins: the loader with its AMD extra (module.js is an AMD module,
 * .config/webpack/webpack.config.ts `library: { type: 'amd' }`), and an import map that sends every shared
 * module's bare name to a `package:` id registered with the host's own module.
 *
 * Grafana: public/app/features/plugins/loader/systemjs.ts (commit 3a41c3036cd638582d6940416b892521fe777265)
 * imports systemjs/dist/system and systemjs/dist/extras/amd; loader/utils.ts buildImportMap (commit
 * 60224cf48f5e08396eb4eacdb20973f6c6840905) maps each name to `${SHARED_DEPENDENCY_PREFIX}:${name}`, with
 * SHARED_DEPENDENCY_PREFIX = 'package' (loader/constants.ts, commit af54a70b5f649f62cf35b4a04635fea5b2116ff7),
 * and later versions register the lazily loaded entries with System.register(id, [], ...), as done here.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';

export type ModuleNamespace = Record<string, unknown>;

interface SystemJSLoader {
  import(id: string): Promise<ModuleNamespace>;
  register(
    name: string,
    deps: string[],
    declare: (exp: (ns: ModuleNamespace) => void) => { execute(): Promise<void> }
  ): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  has(id: string): boolean;
  entries(): Iterable<[string, ModuleNamespace]>;
}

export const SHARED_DEPENDENCY_PREFIX = 'package';

export function systemJS(): SystemJSLoader {
  return (window as unknown as { System: SystemJSLoader }).System;
}

/** Makes each shared module importable by its bare name; returns the import map it added. */
export function shareModules(modules: Record<string, () => Promise<ModuleNamespace>>): Record<string, string> {
  const System = systemJS();
  const imports: Record<string, string> = {};
  for (const [name, load] of Object.entries(modules)) {
    const id = `${SHARED_DEPENDENCY_PREFIX}:${name}`;
    System.register(id, [], (exportAll) => ({
      execute: async () => exportAll(await load()),
    }));
    imports[name] = id;
  }
  System.addImportMap({ imports });
  return imports;
}
