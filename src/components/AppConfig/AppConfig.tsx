/**
 * The app's configuration page: the form's blocks (./*Section.tsx) over pure state transitions
 * (src/settings/configForm.ts), saved through the Grafana HTTP client (src/api/grafana/pluginSettings.ts).
 */
import React, { useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Alert, Button, FieldSet, useStyles2 } from '@grafana/ui';
import { backendSrvHttp } from '../../api/grafana/http';
import { savePluginSettings } from '../../api/grafana/pluginSettings';
import { chooseDatasource, editSlo, FormState, initialForm } from '../../settings/configForm';
import { AppJsonData, resolveSettings, toJsonData } from '../../settings/settings';
import { hasErrors } from '../../settings/validateSettings';
import { testIds } from '../testIds';
import { DatasourceField } from './fields/DatasourceField';
import { TextField } from './fields/TextField';
import { RoleSection } from './RoleSection';
import { TraceSection } from './TraceSection';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [form, setForm] = useState<FormState>(() => initialForm(resolveSettings(jsonData)));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const { settings, errors } = form;
  const show = (message: string | undefined) => (form.touched ? message : undefined);
  const section = { form, setForm, show };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setForm({ ...form, touched: true });
    if (hasErrors(errors)) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    const body = { enabled, pinned, jsonData: toJsonData(settings) };
    const outcome = await savePluginSettings(backendSrvHttp(), plugin.meta.id, body);
    setSaving(false);
    if (outcome.ok) {
      // Grafana only hands new settings to an app on the next load.
      locationService.reload();
    } else {
      setSaveError(outcome.message);
    }
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container} className={styles.form}>
      <FieldSet label="Data source">
        <DatasourceField
          label="Prometheus data source"
          description="The pages use it by default; each page can still switch data source."
          error={show(errors.datasourceUid)}
          testId={testIds.appConfig.datasource}
          pluginId="prometheus"
          current={settings.datasourceUid}
          onChange={(ds) => setForm(chooseDatasource(form, ds.uid))}
        />
      </FieldSet>

      <RoleSection {...section} />

      <FieldSet label="Service level targets">
        <TextField
          label="Time to first token target (seconds)"
          description="Drawn as a threshold on latency panels."
          error={show(errors.sloTtftSeconds)}
          testId={testIds.appConfig.sloTtft}
          width={20}
          value={form.sloTtftText}
          onChange={(text) => setForm(editSlo(form, 'sloTtftSeconds', text))}
        />
        <TextField
          label="Inter-token latency target (seconds)"
          error={show(errors.sloItlSeconds)}
          testId={testIds.appConfig.sloItl}
          width={20}
          value={form.sloItlText}
          onChange={(text) => setForm(editSlo(form, 'sloItlSeconds', text))}
        />
      </FieldSet>

      <TraceSection {...section} />

      {form.touched && hasErrors(errors) && (
        <Alert severity="error" title="Not saved" data-testid={testIds.appConfig.error}>
          Fix the fields marked above; the saved settings stay as they were.
        </Alert>
      )}
      {saveError && (
        <Alert severity="error" title="Not saved" data-testid={testIds.appConfig.error}>
          {saveError}
        </Alert>
      )}
      <Button type="submit" data-testid={testIds.appConfig.submit} disabled={saving}>
        {saving ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 900, marginTop: theme.spacing(2) }),
});
