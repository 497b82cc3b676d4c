/**
 * Grafana registers its transformations at boot (public/app/features/transformers); a bare @grafana/data has
 * an empty registry, and scenes would leave tables unmerged. The preview registers the core ones @grafana/data
 * ships, which include every transformation the app's panels use (merge, organize, sortBy, ...).
 */
import { DataTransformerInfo, standardTransformers, TransformerRegistryItem } from '@grafana/data';

export function coreTransformers(): TransformerRegistryItem[] {
  // Some transformers are exported twice under old and new names; the registry takes each id once.
  const unique = new Map(Object.values(standardTransformers as Record<string, DataTransformerInfo>).map((t) => [t.id, t]));
  return [...unique.values()].map((info) => ({
    id: info.id,
    aliasIds: info.aliasIds,
    name: info.name,
    description: info.description,
    transformation: () => Promise.resolve(info),
    defaultOptions: info.defaultOptions,
    editor: () => null,
    imageDark: '',
    imageLight: '',
  }));
}
