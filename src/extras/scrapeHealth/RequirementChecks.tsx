/**
 * The live scrape check: one line per requirement (scrape job, vLLM flag, connector) saying whether its metric
 * families are present, under which names, and, for what is missing, what enables it with a link to the docs.
 * One instant query counts the series of every name in the catalog.
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { Alert, Badge, BadgeColor, TextLink, useStyles2 } from '@grafana/ui';
import { docsUrl } from '../../constants';
import { DATASOURCE_REF } from '../../queries/variables';
import { instantQuery } from '../../scenes/instantQuery';
import { classifySignals, RequirementCheck, RequirementState } from './classifySignals';
import { framesToCounts } from './framesToCounts';
import { FleetIdentity, identifyFleet, presenceQuery } from './identifyFleet';

const BADGE: Record<RequirementState, { text: string; color: BadgeColor }> = {
  ok: { text: 'present', color: 'green' },
  partial: { text: 'partly present', color: 'orange' },
  missing: { text: 'missing', color: 'red' },
};

export const CHECKS_TEST_ID = 'llmd-requirement-checks';
export const FLEET_TEST_ID = 'llmd-fleet-identity';


export class RequirementChecks extends SceneObjectBase<SceneObjectState> {
  constructor() {
    super({
      $data: new SceneQueryRunner({
        datasource: DATASOURCE_REF,
        queries: [instantQuery('A', presenceQuery(), '{{metric}}')],
      }),
    });
  }

  static Component = RequirementChecksRenderer;
}

function RequirementChecksRenderer({ model }: SceneComponentProps<RequirementChecks>) {
  const { data } = sceneGraph.getData(model).useState();
  const styles = useStyles2(getStyles);
  if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
    return <div className={styles.box}>Checking which metric families Prometheus has…</div>;
  }
  if (data.state === LoadingState.Error) {
    const message = data.errors?.[0]?.message ?? data.error?.message ?? 'the query failed';
    return (
      <Alert severity="error" title="Cannot check the metric families">
        Prometheus did not answer the check: {message}
      </Alert>
    );
  }
  const counts = framesToCounts(data.series);
  const checks = classifySignals(counts);
  return (
    <section className={styles.box} data-testid={CHECKS_TEST_ID} aria-label="Metric families by requirement">
      <FleetLines fleet={identifyFleet(counts)} />
      <ul className={styles.list}>
        {checks.map((check) => (
          <CheckLine key={check.requirement.id} check={check} />
        ))}
      </ul>
    </section>
  );
}

/** What the fleet runs, and where each Wide EP quantity comes from. */
function FleetLines({ fleet }: { fleet: FleetIdentity }) {
  const styles = useStyles2(getStyles);
  return (
    <div data-testid={FLEET_TEST_ID}>
      <h3 className={styles.title}>What this fleet runs</h3>
      {fleet.engines.length === 0 ? (
        <div className={styles.detail}>No vLLM, SGLang or llm-d router families: are the engines and the router scraped?</div>
      ) : (
        <ul className={styles.list}>
          {fleet.engines.map((e) => (
            <li key={`${e.engine} ${e.evidence[0]}`} data-engine={e.engine}>
              <strong>{e.engine}</strong> {e.range} <span className={styles.names}>({e.evidence.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className={styles.title}>Wide EP: where each quantity comes from</h3>
      <ul className={styles.list}>
        {fleet.wideEp.map((q) => (
          <li key={q.quantity.id} data-quantity={q.quantity.id} data-source={q.source?.id ?? 'none'}>
            <strong>{q.quantity.title}</strong>: <span className={styles.detail}>{q.text}</span>
          </li>
        ))}
      </ul>
      <h3 className={styles.title}>Metric families by what enables them</h3>
    </div>
  );
}

function CheckLine({ check }: { check: RequirementCheck }) {
  const styles = useStyles2(getStyles);
  const badge = BADGE[check.state];
  const required = check.signals.filter((s) => !s.optional);
  const missing = required.filter((s) => !s.inUse);
  const present = required.filter((s) => s.inUse);
  return (
    <li className={styles.line} data-requirement={check.requirement.id} data-state={check.state}>
      <div className={styles.head}>
        <Badge text={badge.text} color={badge.color} />
        <strong>{check.requirement.title}</strong>
        <span className={styles.count}>
          {present.length} of {required.length} signals
        </span>
      </div>
      {check.state !== 'ok' && (
        <div className={styles.detail}>
          {check.requirement.howTo}{' '}
          <TextLink href={docsUrl('metrics-setup.md', check.requirement.docsAnchor)} external inline>
            How to fix
          </TextLink>
          <div className={styles.names}>Missing: {missing.map((s) => s.signal.names[0].name).join(', ')}</div>
        </div>
      )}
      {check.legacyInUse.length > 0 && (
        <div className={styles.detail} data-legacy="true">
          Legacy names in use (renamed in newer releases; the app&apos;s queries follow both): {check.legacyInUse.join(', ')}
        </div>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ padding: theme.spacing(1, 2), border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(0, 0, 1) }),
  list: css({ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: theme.spacing(0.75) }),
  line: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  count: css({ color: theme.colors.text.secondary }),
  detail: css({ color: theme.colors.text.secondary, paddingLeft: theme.spacing(2) }),
  names: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
});
