import { findPreset, ROLE_PRESETS } from '../../settings/rolePresets';
import { promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { rolePreviewQuery } from '../rolePreview';

describe('the configuration page role preview', () => {
  it.each(ROLE_PRESETS.map((p) => [p.id, p.mapping] as const))('parses and uses the %s mapping', (_id, mapping) => {
    const expr = rolePreviewQuery(mapping);
    expect(promqlSyntaxErrors(expr)).toEqual([]);
    expect(expr).toContain(`"role", "prefill", ${JSON.stringify(mapping.label)}, ${JSON.stringify(mapping.prefill)}`);
    expect(expr).toContain(`"role", "decode", ${JSON.stringify(mapping.label)}, ${JSON.stringify(mapping.decode)}`);
  });

  it('keeps only series that carry the role label', () => {
    expect(rolePreviewQuery(findPreset('custom')!.mapping)).toMatch(/vllm:num_requests_running\{[^}]+=~"\.\+"\}/);
  });
});
