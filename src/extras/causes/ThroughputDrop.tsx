/**
 * The top line of the ranked view: whether output tokens per second fell over this range against the one
 * before it, from the same windows the scores compare (src/queries/causes/throughput.ts).
 */
import React from 'react';
import { LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { outputTokensPerSecond } from '../../queries/causes';
import { QueryContext } from '../../queries/context';
import { DATASOURCE_REF } from '../../queries/variables';
import { instantQuery } from '../../scenes/instantQuery';
import { BASELINE_REF, NOW_REF, readThroughputChange } from './readThroughput';
import { throughputVerdict } from './throughputChange';

import { THROUGHPUT_TEST_ID } from './testIds';

export class ThroughputDrop extends SceneObjectBase<SceneObjectState> {
  constructor(ctx: QueryContext) {
    super({
      $data: new SceneQueryRunner({
        datasource: DATASOURCE_REF,
        queries: [
          instantQuery(NOW_REF, outputTokensPerSecond(ctx, false)),
          instantQuery(BASELINE_REF, outputTokensPerSecond(ctx, true)),
        ],
      }),
    });
  }

  static Component = ({ model }: SceneComponentProps<ThroughputDrop>) => {
    const { data } = sceneGraph.getData(model).useState();
    if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
      return <p>Comparing output tokens/s with the range before…</p>;
    }
    if (data.state === LoadingState.Error) {
      return (
        <p data-testid={THROUGHPUT_TEST_ID}>
          Cannot compare throughput: {data.errors?.[0]?.message ?? 'the query failed'}
        </p>
      );
    }
    const change = readThroughputChange(data.series);
    return (
      <p data-testid={THROUGHPUT_TEST_ID} data-fell={String(change.fell)}>
        <strong>{throughputVerdict(change)}</strong>
      </p>
    );
  };
}
