/**
 * "Why did throughput drop?": first whether output tokens/s fell at all, then the causes ranked by the same query
 * as the Overview's Likely causes table, each with what raised its score, its evidence panels over the range and
 * a link to the page that shows more. Causes whose metrics the deployment does not export are listed as "no
 * evidence" with panels that say what is missing, so an empty ranking is never mistaken for "no fault".
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { Alert, Badge, useStyles2 } from '@grafana/ui';
import { prefixRoute } from '../../constants';
import { CAUSES, likelyCauses } from '../../queries/causes';
import { QueryContext } from '../../queries/context';
import { DATASOURCE_REF } from '../../queries/variables';
import { instantQuery } from '../../scenes/instantQuery';
import { CauseEvidence } from './CauseEvidence';
import { RankedCause, rankCauses } from './rankCauses';
import { WHY_TEST_ID } from './testIds';
import { ThroughputDrop } from './ThroughputDrop';

interface WhyState extends SceneObjectState {
  throughput: ThroughputDrop;
  /** One per cause, in the catalog's order. */
  evidence: CauseEvidence[];
}

export class WhyThroughputDropped extends SceneObjectBase<WhyState> {
  constructor(ctx: QueryContext) {
    super({
      throughput: new ThroughputDrop(ctx),
      evidence: CAUSES.map((c) => new CauseEvidence(c.name, ctx)),
      $data: new SceneQueryRunner({
        datasource: DATASOURCE_REF,
        queries: [instantQuery('A', likelyCauses(ctx), '{{cause}}')],
      }),
    });
  }

  static Component = ({ model }: SceneComponentProps<WhyThroughputDropped>) => <WhyView model={model} />;
}

function WhyView({ model }: SceneComponentProps<WhyThroughputDropped>) {
  const { data } = sceneGraph.getData(model).useState();
  const { throughput, evidence } = model.useState();
  const styles = useStyles2(getStyles);
  const evidenceOf = (r: RankedCause) => evidence.find((e) => e.state.cause === r.cause.name);
  if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
    return <div className={styles.box}>Scoring the causes of a throughput drop…</div>;
  }
  if (data.state === LoadingState.Error) {
    const message = data.errors?.[0]?.message ?? 'the query failed';
    return (
      <Alert severity="error" title="Cannot score the causes">
        Prometheus did not answer: {message}
      </Alert>
    );
  }
  const ranked = rankCauses(data.series);
  const likely = ranked.filter((r) => r.likely);
  const judged = ranked.filter((r) => !r.likely && r.evidence === 'present');
  const unjudged = ranked.filter((r) => r.evidence !== 'present');
  return (
    <section className={styles.box} data-testid={WHY_TEST_ID} aria-label="Why did throughput drop?">
      <h3 className={styles.title}>Why did throughput drop?</h3>
      <throughput.Component model={throughput} />
      <p className={styles.note}>This time range against the one before it. Scores run 0 to 1; under 0.3 is noise.</p>
      {likely.length === 0 ? (
        <p data-testid="llmd-no-likely-cause">No cause scores above 0.3: nothing with evidence explains a drop.</p>
      ) : (
        <ol className={styles.list}>
          {likely.map((r) => (
            <CauseLine key={r.cause.name} ranked={r} evidence={evidenceOf(r)} />
          ))}
        </ol>
      )}
      {judged.length > 0 && (
        <>
          <p className={styles.note}>
            Unlikely: {judged.map((r) => `${r.cause.title} (${r.score.toFixed(2)})`).join(', ')}.
          </p>
          <OtherCauses causes={judged} evidenceOf={evidenceOf} />
        </>
      )}
      {unjudged.length > 0 && (
        <>
          <p className={styles.note} data-testid="llmd-no-evidence">
            No evidence (the deployment exports none of their metrics, see Scrape health):{' '}
            {unjudged.map((r) => r.cause.title).join(', ')}.
          </p>
          <OtherCauses causes={unjudged} evidenceOf={evidenceOf} />
        </>
      )}
    </section>
  );
}

type EvidenceOf = (r: RankedCause) => CauseEvidence | undefined;

/** Causes below the threshold or without evidence: a title each over its evidence panels. */
function OtherCauses({ causes, evidenceOf }: { causes: RankedCause[]; evidenceOf: EvidenceOf }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.others}>
      {causes.map((r) => {
        const e = evidenceOf(r);
        return (
          <div key={r.cause.name} className={styles.other} data-other-cause={r.cause.name}>
            <div className={styles.metrics}>{r.cause.title}</div>
            {e && <e.Component model={e} />}
          </div>
        );
      })}
    </div>
  );
}

function CauseLine({ ranked, evidence }: { ranked: RankedCause; evidence?: CauseEvidence }) {
  const styles = useStyles2(getStyles);
  const { cause, score } = ranked;
  return (
    <li className={styles.line} data-cause={cause.name} data-score={score.toFixed(2)}>
      <div className={styles.head}>
        <Badge text={score.toFixed(2)} color={score > 0.7 ? 'red' : 'orange'} />
        <strong>{cause.title}</strong>
        {/* A plain link: Grafana routes same-origin links inside the app without a reload. */}
        <a className={styles.link} href={prefixRoute(cause.page)}>
          Evidence on the {cause.page} page
        </a>
      </div>
      <div className={styles.note}>{cause.explanation}</div>
      <div className={styles.metrics} data-evidence-metrics>
        Read from: {cause.evidence.map((s) => s.names[0].name).join(', ')}
      </div>
      {evidence && <evidence.Component model={evidence} />}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(0, 0, 1) }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2), display: 'grid', gap: theme.spacing(0.75) }),
  line: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  link: css({ color: theme.colors.text.link }),
  metrics: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  // Causes side by side, each as wide as its panels: a cause with two panels takes two columns' worth.
  others: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) }),
  other: css({ flex: '1 1 320px', minWidth: 0, '&:has([data-evidence-of] > :nth-child(2))': { flexBasis: '660px' } }),
  note: css({ color: theme.colors.text.secondary, margin: theme.spacing(0.5, 0) }),
});
