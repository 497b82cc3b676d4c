/**
 * One cause's evidence panels, side by side under its line in the ranked view: the series its score reads, over
 * the selected range. Each panel owns its query runner (buildVizPanel), so a family the fleet lacks empties
 * only its own panel, which then says what is missing and what would bring it.
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, VizPanel } from '@grafana/scenes';
import { useStyles2 } from '@grafana/ui';
import { buildPanel } from '../../panels/buildPanel';
import { evidencePanels } from '../../catalog/pages/overview/causeEvidence';
import { CauseName } from '../../queries/causes';
import { QueryContext } from '../../queries/context';
import { buildVizPanel } from '../../scenes/buildVizPanel';

interface CauseEvidenceState extends SceneObjectState {
  cause: CauseName;
  panels: VizPanel[];
}

/** Height of one evidence panel, px: enough for a few lines and a legend. */
const PANEL_HEIGHT = 200;

export class CauseEvidence extends SceneObjectBase<CauseEvidenceState> {
  constructor(cause: CauseName, ctx: QueryContext) {
    super({ cause, panels: evidencePanels(cause).map((spec) => buildVizPanel(buildPanel(spec, ctx))) });
  }

  static Component = ({ model }: SceneComponentProps<CauseEvidence>) => <EvidenceGrid model={model} />;
}

function EvidenceGrid({ model }: SceneComponentProps<CauseEvidence>) {
  const { cause, panels } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.grid} data-evidence-of={cause}>
      {panels.map((p) => (
        <div key={p.state.key} className={styles.cell}>
          <p.Component model={p} />
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: theme.spacing(1) }),
  cell: css({ height: PANEL_HEIGHT, minWidth: 0 }),
});
