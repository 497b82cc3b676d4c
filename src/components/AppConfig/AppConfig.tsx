import React, { useState } from 'react';
import { css } from '@emotion/css';
import { lastValueFrom } from 'rxjs';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, FetchError, getBackendSrv, isFetchError, locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { ROLE_PRESETS, findPreset } from '../../settings/rolePresets';
import { AppJsonData, resolveSettings, toJsonData, TRACE_DATASOURCE_TYPES } from '../../settings/settings';
import { hasErrors } from '../../settings/validateSettings';
import {
  chooseDatasource,
  choosePreset,
  chooseTraceDatasource,
  editRole,
  editSlo,
  editTraceService,
  FormState,
  initialForm,
} from '../../settings/configForm';
import { print, selector, re } from '../../queries/promql';
import { withRole } from '../../queries/role';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

/** Explains a failed save in words an operator can act on. */
export function describeSaveError(e: unknown): string {
  const status = isFetchError(e) ? (e as FetchError).status : undefined;
  if (status === 401 || status === 403) {
    return 'Saving app settings needs the Admin role in this organization (or a service account with plugins:write).';
  }
  if (isFetchError(e)) {
    const message = (e as FetchError<{ message?: string }>).data?.message;
    return `Grafana refused the settings${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}.`;
  }
  return `The settings could not be saved: ${e instanceof Error ? e.message : String(e)}.`;
}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [form, setForm] = useState<FormState>(() => initialForm(resolveSettings(jsonData)));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const { settings, errors } = form;
  const show = (message: string | undefined) => (form.touched ? message : undefined);
  const preset = findPreset(settings.rolePreset);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setForm({ ...form, touched: true });
    if (hasErrors(errors)) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `/api/plugins/${plugin.meta.id}/settings`,
          method: 'POST',
          data: { enabled, pinned, jsonData: toJsonData(settings) },
          showErrorAlert: false,
        })
      );
      // Grafana only hands new settings to an app on the next load.
      locationService.reload();
    } catch (e) {
      setSaveError(describeSaveError(e));
    } finally {
      setSaving(false);
    }
  };

  const rolePreview = errors.role
    ? undefined
    : print(withRole(selector('vllm:num_requests_running', [re(settings.role.label, '.+')]), settings.role));

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container} className={styles.form}>
      <FieldSet label="Data source">
        <Field
          label="Prometheus data source"
          description="The pages use it by default; each page can still switch data source."
          invalid={Boolean(show(errors.datasourceUid))}
          error={show(errors.datasourceUid)}
        >
          <div data-testid={testIds.appConfig.datasource}>
            <DataSourcePicker
              pluginId="prometheus"
              current={settings.datasourceUid ?? null}
              noDefault
              onChange={(ds) => setForm(chooseDatasource(form, ds.uid))}
              width={40}
            />
          </div>
        </Field>
      </FieldSet>

      <FieldSet label="How a pod's role is found">
        <Field label="Deployment style" description={preset?.description}>
          <RadioButtonGroup
            data-testid={testIds.appConfig.rolePreset}
            options={ROLE_PRESETS.map((p) => ({ label: p.name, value: p.id }))}
            value={settings.rolePreset}
            onChange={(id) => setForm(choosePreset(form, id))}
          />
        </Field>
        <Field
          label="Label"
          description="The Prometheus label that tells prefill from decode pods."
          invalid={Boolean(show(errors.roleLabel))}
          error={show(errors.roleLabel)}
        >
          <Input
            data-testid={testIds.appConfig.roleLabel}
            width={40}
            value={settings.role.label}
            onChange={(e) => setForm(editRole(form, 'label', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Prefill pods match"
          description="Regular expression (RE2, whole value) over the label's values on prefill pods."
          invalid={Boolean(show(errors.rolePrefill))}
          error={show(errors.rolePrefill)}
        >
          <Input
            data-testid={testIds.appConfig.rolePrefill}
            width={40}
            value={settings.role.prefill}
            onChange={(e) => setForm(editRole(form, 'prefill', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Decode pods match"
          description="Regular expression over the label's values on decode pods."
          invalid={Boolean(show(errors.roleDecode))}
          error={show(errors.roleDecode)}
        >
          <Input
            data-testid={testIds.appConfig.roleDecode}
            width={40}
            value={settings.role.decode}
            onChange={(e) => setForm(editRole(form, 'decode', e.currentTarget.value))}
          />
        </Field>
        {rolePreview && (
          <div className={styles.preview}>
            <Text variant="bodySmall" color="secondary">
              Queries derive the role like this:
            </Text>
            <pre>{rolePreview}</pre>
          </div>
        )}
      </FieldSet>

      <FieldSet label="Service level targets">
        <Field
          label="Time to first token target (seconds)"
          description="Drawn as a threshold on latency panels."
          invalid={Boolean(show(errors.sloTtftSeconds))}
          error={show(errors.sloTtftSeconds)}
        >
          <Input
            data-testid={testIds.appConfig.sloTtft}
            width={20}
            value={form.sloTtftText}
            onChange={(e) => setForm(editSlo(form, 'sloTtftSeconds', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Inter-token latency target (seconds)"
          invalid={Boolean(show(errors.sloItlSeconds))}
          error={show(errors.sloItlSeconds)}
        >
          <Input
            data-testid={testIds.appConfig.sloItl}
            width={20}
            value={form.sloItlText}
            onChange={(e) => setForm(editSlo(form, 'sloItlSeconds', e.currentTarget.value))}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Traces">
        <Field
          label="Tempo or Jaeger data source"
          description="Where the vLLM engines' request spans are (vLLM's --otlp-traces-endpoint). With one, latency panels link to the traces of slow requests; without, no trace links show."
          invalid={Boolean(show(errors.traceDatasource))}
          error={show(errors.traceDatasource)}
        >
          <div data-testid={testIds.appConfig.traceDatasource}>
            <DataSourcePicker
              current={settings.traces?.datasourceUid ?? null}
              filter={(ds) => (TRACE_DATASOURCE_TYPES as readonly string[]).includes(ds.type)}
              noDefault
              placeholder="None: no trace links"
              onChange={(ds) => setForm(chooseTraceDatasource(form, ds))}
              onClear={() => setForm(chooseTraceDatasource(form, undefined))}
              width={40}
            />
          </div>
        </Field>
        {settings.traces && (
          <Field
            label="Service name of the engines' spans"
            description={
              settings.traces.datasourceType === 'jaeger'
                ? 'Required for Jaeger: the OTEL_SERVICE_NAME the vLLM engines run with.'
                : 'Optional: the OTEL_SERVICE_NAME the vLLM engines run with; empty searches every service.'
            }
            invalid={Boolean(show(errors.traceServiceName))}
            error={show(errors.traceServiceName)}
          >
            <Input
              data-testid={testIds.appConfig.traceService}
              width={40}
              value={settings.traces.serviceName ?? ''}
              onChange={(e) => setForm(editTraceService(form, e.currentTarget.value))}
            />
          </Field>
        )}
      </FieldSet>

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
  preview: css({ marginBottom: theme.spacing(2), pre: { whiteSpace: 'pre-wrap', fontSize: theme.typography.bodySmall.fontSize } }),
});
