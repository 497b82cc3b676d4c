/** How a pod's role is found: a preset, the three mapping fields, and the query the mapping produces. */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { FieldSet, Text, useStyles2 } from '@grafana/ui';
import { choosePreset, editRole } from '../../settings/configForm';
import { findPreset, ROLE_PRESETS, RoleMapping, RolePresetId } from '../../settings/rolePresets';
import { SettingsErrors } from '../../settings/validateSettings';
import { rolePreviewQuery } from '../../queries/rolePreview';
import { testIds } from '../testIds';
import { ChoiceField } from './fields/ChoiceField';
import { TextField } from './fields/TextField';
import { SectionProps } from './sectionProps';

/** The three mapping fields: which part of the mapping each edits and where its error is. */
const MAPPING_FIELDS: Array<{ field: keyof RoleMapping; label: string; description: string; error: keyof SettingsErrors; testId: string }> = [
  {
    field: 'label',
    label: 'Label',
    description: 'The Prometheus label that tells prefill from decode pods.',
    error: 'roleLabel',
    testId: testIds.appConfig.roleLabel,
  },
  {
    field: 'prefill',
    label: 'Prefill pods match',
    description: "Regular expression (RE2, whole value) over the label's values on prefill pods.",
    error: 'rolePrefill',
    testId: testIds.appConfig.rolePrefill,
  },
  {
    field: 'decode',
    label: 'Decode pods match',
    description: "Regular expression over the label's values on decode pods.",
    error: 'roleDecode',
    testId: testIds.appConfig.roleDecode,
  },
];

const PRESET_OPTIONS = ROLE_PRESETS.map((p) => ({ label: p.name, value: p.id as RolePresetId }));

export function RoleSection({ form, setForm, show }: SectionProps) {
  const styles = useStyles2(getStyles);
  const { settings, errors } = form;
  return (
    <FieldSet label="How a pod's role is found">
      <ChoiceField
        label="Deployment style"
        description={findPreset(settings.rolePreset)?.description}
        testId={testIds.appConfig.rolePreset}
        options={PRESET_OPTIONS}
        value={settings.rolePreset}
        onChange={(id) => setForm(choosePreset(form, id))}
      />
      {MAPPING_FIELDS.map(({ field, label, description, error, testId }) => (
        <TextField
          key={field}
          label={label}
          description={description}
          error={show(errors[error])}
          testId={testId}
          width={40}
          value={settings.role[field]}
          onChange={(text) => setForm(editRole(form, field, text))}
        />
      ))}
      {!errors.role && (
        <div className={styles.preview}>
          <Text variant="bodySmall" color="secondary">
            Queries derive the role like this:
          </Text>
          <pre>{rolePreviewQuery(settings.role)}</pre>
        </div>
      )}
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  preview: css({ marginBottom: theme.spacing(2), pre: { whiteSpace: 'pre-wrap', fontSize: theme.typography.bodySmall.fontSize } }),
});
