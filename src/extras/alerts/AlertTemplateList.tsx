/**
 * The Alerts page's template list: every alert rule template by group with severity, expression, its state in
 * the page's Prometheus and among Grafana-managed rules, Install (for users allowed to create rules), and a
 * download of the Prometheus rule file. It does no HTTP itself: an AlertsClient (src/api/grafana/) does.
 * It loads when activated and again whenever the data source variable changes.
 */
import React from 'react';
import {
  sceneGraph,
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import { Alert, Badge, Button, ClipboardButton, Stack, Text, TextLink } from '@grafana/ui';
import { AlertsClient } from '../../api/grafana/alertsClient';
import { outcomeText } from '../../api/grafana/alertRules';
import { saveTextFile } from '../../api/grafana/download';
import { canInstallRules, canReadGrafanaRules, Permissions } from '../../api/grafana/permissions';
import { alertGroups, RECORDING_GROUP, recordingRuleSpecs } from '../../catalog/rules';
import { completeRuleFile } from '../../generation/prometheusFormat';
import { runbookUrl } from '../../catalog/rules/runbook';
import { AlertRuleSpec } from '../../catalog/rules/types';
import { print } from '../../queries/promql';
import { ref, VAR_DATASOURCE } from '../../queries/variables';
import { RoleMapping } from '../../settings/rolePresets';
import { grafanaStates, mergeStates, templateRows, TemplateState } from './ruleState';

export interface AlertTemplateListState extends SceneObjectState {
  mapping: RoleMapping;
  client: AlertsClient;
  /** The signed-in user's RBAC permissions (Grafana's boot data); decides Install and the Grafana state read. */
  permissions: Permissions;
  states?: Record<string, TemplateState>;
  stateError?: string;
  grafana?: Record<string, TemplateState>;
  grafanaNote?: string;
  installed: Record<string, string>;
  installing?: string;
}

export const RULE_FILE_NAME = 'llmd-fleet-rules.yml';

const STATE_COLOR: Record<string, 'red' | 'orange' | 'green' | 'blue' | 'purple'> = {
  firing: 'red',
  pending: 'orange',
  inactive: 'green',
  'not loaded': 'purple',
  unknown: 'blue',
};

export class AlertTemplateList extends SceneObjectBase<AlertTemplateListState> {
  static Component = AlertTemplateListRenderer;

  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [VAR_DATASOURCE],
    onVariableUpdateCompleted: () => this.load(),
  });

  /** Answers to an older load (before a data source change) must not overwrite a newer one. */
  private loadSeq = 0;

  constructor(state: AlertTemplateListState) {
    super(state);
    this.addActivationHandler(() => {
      if (!sceneGraph.hasVariableDependencyInLoadingState(this)) {
        this.load();
      }
    });
  }

  private datasourceUid(): string {
    return sceneGraph.interpolate(this, ref(VAR_DATASOURCE));
  }

  private names(): string[] {
    return alertGroups(this.state.mapping).flatMap((g) => g.rules.map((r) => r.name));
  }

  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const { client, permissions } = this.state;
    const groups = alertGroups(this.state.mapping);
    const readGrafana = canReadGrafanaRules(permissions);
    const [prom, grafana] = await Promise.all([
      client.prometheusRules(this.datasourceUid()),
      readGrafana ? client.grafanaRules() : Promise.resolve(undefined),
    ]);
    if (seq !== this.loadSeq) {
      return;
    }
    this.setState({
      states: prom.ok ? mergeStates(this.names(), prom.data.rules, prom.data.alerts) : undefined,
      stateError: prom.ok ? undefined : prom.message,
      grafana: grafana?.ok ? grafanaStates(this.names(), groups.map((g) => g.name), grafana.data) : undefined,
      grafanaNote: !readGrafana
        ? 'Grafana-managed rule state is not shown: reading it needs the alert rules reader permission (alert.rules:read).'
        : grafana && !grafana.ok
          ? grafana.message
          : undefined,
    });
  }

  async install(rule: AlertRuleSpec, groupName: string): Promise<void> {
    this.setState({ installing: rule.name });
    const outcome = await this.state.client.install(rule, groupName, this.datasourceUid());
    this.setState({ installing: undefined, installed: { ...this.state.installed, [rule.name]: outcomeText(outcome) } });
    if (outcome.kind !== 'failed') {
      await this.load();
    }
  }

  download(): void {
    saveTextFile(RULE_FILE_NAME, completeRuleFile(alertGroups(this.state.mapping), RECORDING_GROUP, recordingRuleSpecs(this.state.mapping)));
  }
}

function AlertTemplateListRenderer({ model }: SceneComponentProps<AlertTemplateList>) {
  const { mapping, states, stateError, grafana, grafanaNote, installed, installing, permissions } = model.useState();
  const mayInstall = canInstallRules(permissions);
  const groups = templateRows(alertGroups(mapping), states, grafana);
  return (
    <Stack direction="column" gap={2}>
      <Stack gap={1} alignItems="center">
        <Button icon="download-alt" variant="secondary" onClick={() => model.download()}>
          Download Prometheus rule file
        </Button>
        <Button icon="sync" variant="secondary" onClick={() => model.load()}>
          Refresh state
        </Button>
      </Stack>
      {stateError && (
        <Alert severity="warning" title="Rule state unavailable">
          {stateError}
        </Alert>
      )}
      {grafanaNote && (
        <Text color="secondary" italic>
          {grafanaNote}
        </Text>
      )}
      {!mayInstall && (
        <Text color="secondary" italic data-testid="alerts-install-unavailable">
          Installing rules in Grafana needs permission to create alert rules (the Editor role); download the rule file
          or copy an expression instead.
        </Text>
      )}
      {groups.map((g) => (
        <div key={g.title} data-testid={`alert-group-${g.title}`}>
          <Text element="h3">{g.title}</Text>
          {g.rows.map(({ rule, state, grafanaState, group }) => (
            <div key={rule.name} data-testid={`alert-template-${rule.name}`} style={{ marginBottom: 12 }}>
              <Stack gap={1} alignItems="center">
                <Text weight="bold">{rule.name}</Text>
                <Badge text={rule.severity} color={rule.severity === 'critical' ? 'red' : 'orange'} />
                <Badge text={state} color={STATE_COLOR[state]} tooltip="State in the page's Prometheus" />
                {grafana && (
                  <Badge text={`Grafana: ${grafanaState}`} color={STATE_COLOR[grafanaState]} tooltip="State among Grafana-managed rules" />
                )}
                <Text color="secondary">for {rule.for}</Text>
                {mayInstall && (
                  <Button size="sm" variant="secondary" disabled={installing === rule.name} onClick={() => model.install(rule, group)}>
                    {installing === rule.name ? 'Installing…' : 'Install in Grafana'}
                  </Button>
                )}
                <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => print(rule.expr)}>
                  Copy expression
                </ClipboardButton>
                <TextLink href={runbookUrl(rule.name)} external>
                  Runbook
                </TextLink>
              </Stack>
              <Text color="secondary">{rule.description}</Text>
              <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', margin: '4px 0' }}>{print(rule.expr)}</pre>
              {installed[rule.name] && (
                <Text italic data-testid={`alert-install-result-${rule.name}`}>
                  {installed[rule.name]}
                </Text>
              )}
            </div>
          ))}
        </div>
      ))}
    </Stack>
  );
}
