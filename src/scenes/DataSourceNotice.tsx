import React from 'react';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, TextLink } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../constants';
import { testIds } from '../components/testIds';

export interface DataSourceProblem {
  severity: 'error' | 'warning';
  title: string;
  text: string;
}

interface DataSourceNoticeState extends SceneObjectState {
  /** uid chosen on the configuration page, if any. */
  configuredUid?: string;
  problem?: DataSourceProblem;
}

/** What is wrong with the data source set-up, if anything; exported for tests. */
export function findDataSourceProblem(configuredUid: string | undefined, available: Array<{ uid: string; name: string }>): DataSourceProblem | undefined {
  if (available.length === 0) {
    return {
      severity: 'error',
      title: 'No Prometheus data source',
      text: 'This app reads vLLM, llm-d and GPU metrics from Prometheus. Add a Prometheus data source, then choose it on the configuration page.',
    };
  }
  if (configuredUid && !available.some((d) => d.uid === configuredUid)) {
    return {
      severity: 'warning',
      title: 'The configured data source is missing',
      text: `No Prometheus data source has uid "${configuredUid}"; the page uses another one. Choose the right one on the configuration page.`,
    };
  }
  return undefined;
}

/**
 * A banner above a page when the data source set-up cannot work: none exists, or the configured one is gone.
 * The page itself stays usable.
 */
export class DataSourceNotice extends SceneObjectBase<DataSourceNoticeState> {
  constructor(state: DataSourceNoticeState) {
    super(state);
    this.addActivationHandler(() => this.check());
  }

  private check() {
    const available = getDataSourceSrv()
      .getList({ pluginId: 'prometheus' })
      .map((d) => ({ uid: d.uid, name: d.name }));
    this.setState({ problem: findDataSourceProblem(this.state.configuredUid, available) });
  }

  static Component = ({ model }: SceneComponentProps<DataSourceNotice>) => {
    const { problem } = model.useState();
    if (!problem) {
      return null;
    }
    return (
      <Alert severity={problem.severity} title={problem.title} data-testid={testIds.dataSourceNotice}>
        {problem.text}{' '}
        <TextLink href={CONFIG_PAGE_URL} inline>
          Open the configuration page
        </TextLink>
      </Alert>
    );
  };
}
