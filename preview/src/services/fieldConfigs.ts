/**
 * The standard field options Grafana registers at boot (unit, decimals, min/max, thresholds, mappings, colour,
 * no-value text, links, display name). Without them field overrides have nothing to apply to. Editors are
 * not needed: the preview renders panels, it does not edit them.
 */
import { FieldConfigPropertyItem } from '@grafana/data';

const NONE = () => null;

function item(id: string, path = id): FieldConfigPropertyItem {
  return {
    id,
    path,
    name: id,
    editor: NONE,
    override: NONE,
    process: (value: unknown) => value,
    shouldApply: () => true,
  } as unknown as FieldConfigPropertyItem;
}

export const standardFieldConfigs = (): FieldConfigPropertyItem[] =>
  [
    'unit',
    'decimals',
    'min',
    'max',
    'thresholds',
    'mappings',
    'color',
    'noValue',
    'links',
    'displayName',
    'filterable',
  ].map((id) => item(id));
