/** A labelled data source picker; `filter`/`pluginId` choose which data sources it offers, `onClear` allows none. */
import React from 'react';
import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Field } from '@grafana/ui';

export interface DatasourceFieldProps {
  label: string;
  description: string;
  error?: string;
  testId: string;
  current: string | undefined;
  pluginId?: string;
  filter?: (ds: DataSourceInstanceSettings) => boolean;
  placeholder?: string;
  onChange: (ds: DataSourceInstanceSettings) => void;
  onClear?: () => void;
}

export function DatasourceField({ label, description, error, testId, current, onChange, ...picker }: DatasourceFieldProps) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <div data-testid={testId}>
        <DataSourcePicker {...picker} current={current ?? null} noDefault onChange={onChange} width={40} />
      </div>
    </Field>
  );
}
