/** The trace data source latency panels link to, and the engines' service name when one is chosen. */
import React from 'react';
import { FieldSet } from '@grafana/ui';
import { chooseTraceDatasource, editTraceService } from '../../settings/configForm';
import { TRACE_DATASOURCE_TYPES } from '../../settings/settings';
import { testIds } from '../testIds';
import { DatasourceField } from './fields/DatasourceField';
import { TextField } from './fields/TextField';
import { SectionProps } from './sectionProps';

export function TraceSection({ form, setForm, show }: SectionProps) {
  const { settings, errors } = form;
  return (
    <FieldSet label="Traces">
      <DatasourceField
        label="Tempo or Jaeger data source"
        description="Where the vLLM engines' request spans are (vLLM's --otlp-traces-endpoint). With one, latency panels link to the traces of slow requests; without, no trace links show."
        error={show(errors.traceDatasource)}
        testId={testIds.appConfig.traceDatasource}
        current={settings.traces?.datasourceUid}
        filter={(ds) => (TRACE_DATASOURCE_TYPES as readonly string[]).includes(ds.type)}
        placeholder="None: no trace links"
        onChange={(ds) => setForm(chooseTraceDatasource(form, ds))}
        onClear={() => setForm(chooseTraceDatasource(form, undefined))}
      />
      {settings.traces && (
        <TextField
          label="Service name of the engines' spans"
          description={
            settings.traces.datasourceType === 'jaeger'
              ? 'Required for Jaeger: the OTEL_SERVICE_NAME the vLLM engines run with.'
              : 'Optional: the OTEL_SERVICE_NAME the vLLM engines run with; empty searches every service.'
          }
          error={show(errors.traceServiceName)}
          testId={testIds.appConfig.traceService}
          width={40}
          value={settings.traces.serviceName ?? ''}
          onChange={(text) => setForm(editTraceService(form, text))}
        />
      )}
    </FieldSet>
  );
}
