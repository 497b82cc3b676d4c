/** Panel options are checked against the panel's visualization: the @ts-expect-error lines fail typecheck if they compile. */
import { PanelSpec, PanelSpecBase } from '../panelSpec';

const base: PanelSpecBase = { id: 'test.panel', title: 'T', description: 'D', queries: () => [] };

describe('panel options typed per visualization (foundation SDK types)', () => {
  it('accepts what Grafana accepts', () => {
    const specs: PanelSpec[] = [
      { ...base, viz: 'stat', options: { graphMode: 'none', textMode: 'value_and_name', colorMode: 'background' } },
      { ...base, viz: 'timeseries', options: { tooltip: { mode: 'multi' } }, custom: { axisLabel: 'tokens/s' } },
      { ...base, viz: 'heatmap', options: { yAxis: { axisPlacement: 'left', axisLabel: 'EP rank' }, cellGap: 0 } },
    ];
    expect(specs.map((s) => s.viz)).toEqual(['stat', 'timeseries', 'heatmap']);
  });

  it('refuses a misspelt option, a value the option does not take, and another visualization\'s option', () => {
    const refused: PanelSpec[] = [
      // @ts-expect-error graphMod is no stat option
      { ...base, viz: 'stat', options: { graphMod: 'none' } },
      // @ts-expect-error stat's graphMode is none, line or area
      { ...base, viz: 'stat', options: { graphMode: 'lines' } },
      // @ts-expect-error cellGap is a heatmap option, not a time series one
      { ...base, viz: 'timeseries', options: { cellGap: 0 } },
      // @ts-expect-error axisLabl is no field-config custom of a time series
      { ...base, viz: 'timeseries', custom: { axisLabl: 'x' } },
    ];
    expect(refused).toHaveLength(4);
  });
});
