/**
 * The Alerts page's template list: every alert rule template by group with severity, expression and its state
 * in the page's Prometheus (through Grafana's data source proxy), an Install action that creates the
 * Grafana-managed rule, and a download of the Prometheus rule file.
 */
import React, { useEffect } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { sceneGraph, SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Alert, Badge, Button, ClipboardButton, Stack, Text, TextLink } from '@grafana/ui';
import { alertGroups, RECORDING_GROUP, recordingRuleSpecs } from '../../catalog/rules';
import { GRAFANA_FOLDER_TITLE, GRAFANA_FOLDER_UID, grafanaApiRule } from '../../catalog/rules/grafanaFormat';
import { completeRuleFile } from '../../catalog/rules/prometheusFormat';
import { runbookUrl } from '../../catalog/rules/runbook';
import { AlertRuleSpec } from '../../catalog/rules/types';
import { RoleMapping } from '../../settings/rolePresets';
import { ref, VAR_DATASOURCE } from '../../queries/variables';
import { fetchErrorStatus, installErrorMessage, mergeStates, PromAlertsData, PromRulesData, templateRows, TemplateState } from './ruleState';

interface AlertTemplateListState extends SceneObjectState {
  mapping: RoleMapping;
  states?: Record<string, TemplateState>;
  stateError?: string;
  installed: Record<string, string>;
}

const STATE_COLOR: Record<string, 'red' | 'orange' | 'green' | 'blue' | 'purple'> = {
  firing: 'red',
  pending: 'orange',
  inactive: 'green',
  'not loaded': 'purple',
  unknown: 'blue',
};

export class AlertTemplateList extends SceneObjectBase<AlertTemplateListState> {
  static Component = AlertTemplateListRenderer;

  private datasourceUid(): string {
    return sceneGraph.interpolate(this, ref(VAR_DATASOURCE));
  }

  async loadStates(): Promise<void> {
    const proxy = `/api/datasources/proxy/uid/${this.datasourceUid()}/api/v1`;
    try {
      const [rules, alerts] = await Promise.all([
        getBackendSrv().get<{ data: PromRulesData }>(`${proxy}/rules`),
        getBackendSrv().get<{ data: PromAlertsData }>(`${proxy}/alerts`),
      ]);
      const names = alertGroups(this.state.mapping).flatMap((g) => g.rules.map((r) => r.name));
      this.setState({ states: mergeStates(names, rules.data, alerts.data), stateError: undefined });
    } catch (err) {
      const { status, message } = fetchErrorStatus(err);
      this.setState({ stateError: `Could not read rule state from Prometheus${status ? ` (HTTP ${status})` : ''}: ${message ?? 'no answer'}.` });
    }
  }

  /** The folder the rules go to: found by uid, created when missing. */
  private async folderUid(): Promise<string> {
    try {
      const found = await getBackendSrv().get<{ uid: string }>(`/api/folders/${GRAFANA_FOLDER_UID}`, undefined, undefined, { showErrorAlert: false });
      return found.uid;
    } catch (err) {
      if (fetchErrorStatus(err).status !== 404) {
        throw err;
      }
      const created = await getBackendSrv().post<{ uid: string }>('/api/folders', { uid: GRAFANA_FOLDER_UID, title: GRAFANA_FOLDER_TITLE }, { showErrorAlert: false });
      return created.uid;
    }
  }

  async install(rule: AlertRuleSpec, groupName: string): Promise<void> {
    try {
      const folderUID = await this.folderUid();
      await getBackendSrv().post('/api/v1/provisioning/alert-rules', grafanaApiRule(rule, groupName, this.datasourceUid(), folderUID), {
        showErrorAlert: false,
        headers: { 'X-Disable-Provenance': 'true' },
      });
      this.setState({ installed: { ...this.state.installed, [rule.name]: 'Installed as a Grafana-managed rule.' } });
    } catch (err) {
      const { status, message } = fetchErrorStatus(err);
      this.setState({ installed: { ...this.state.installed, [rule.name]: installErrorMessage(status, message) } });
    }
  }

  download(): void {
    const text = completeRuleFile(alertGroups(this.state.mapping), RECORDING_GROUP, recordingRuleSpecs(this.state.mapping));
    const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'llmd-fleet-rules.yml';
    a.click();
    URL.revokeObjectURL(url);
  }
}

function AlertTemplateListRenderer({ model }: SceneComponentProps<AlertTemplateList>) {
  const { mapping, states, stateError, installed } = model.useState();
  useEffect(() => {
    model.loadStates();
  }, [model]);
  const groups = templateRows(alertGroups(mapping), states);
  return (
    <Stack direction="column" gap={2}>
      <Stack gap={1} alignItems="center">
        <Button icon="download-alt" variant="secondary" onClick={() => model.download()}>
          Download Prometheus rule file
        </Button>
        <Button icon="sync" variant="secondary" onClick={() => model.loadStates()}>
          Refresh state
        </Button>
      </Stack>
      {stateError && (
        <Alert severity="warning" title="Rule state unavailable">
          {stateError}
        </Alert>
      )}
      {groups.map((g) => (
        <div key={g.title} data-testid={`alert-group-${g.title}`}>
          <Text element="h3">{g.title}</Text>
          {g.rows.map(({ rule, state, group }) => (
            <div key={rule.name} data-testid={`alert-template-${rule.name}`} style={{ marginBottom: 12 }}>
              <Stack gap={1} alignItems="center">
                <Text weight="bold">{rule.name}</Text>
                <Badge text={rule.severity} color={rule.severity === 'critical' ? 'red' : 'orange'} />
                <Badge text={state} color={STATE_COLOR[state]} />
                <Text color="secondary">for {rule.for}</Text>
                <Button size="sm" variant="secondary" onClick={() => model.install(rule, group)}>
                  Install in Grafana
                </Button>
                <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => rule.expr}>
                  Copy expression
                </ClipboardButton>
                <TextLink href={runbookUrl(rule.name)} external>
                  Runbook
                </TextLink>
              </Stack>
              <Text color="secondary">{rule.description}</Text>
              <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', margin: '4px 0' }}>{rule.expr}</pre>
              {installed[rule.name] && <Text italic>{installed[rule.name]}</Text>}
            </div>
          ))}
        </div>
      ))}
    </Stack>
  );
}
