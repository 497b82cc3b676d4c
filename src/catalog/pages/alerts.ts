import { PageSpec, PanelSpec } from '../panelSpec';
import { agg, selector } from '../../queries/promql';
import { pageIdentity } from '../../pages/identity';

const activeAlerts: PanelSpec = {
  id: 'alerts.active',
  title: 'Pending and firing alerts',
  description: "Alerts Prometheus is evaluating right now (the ALERTS series), by name, state and severity.",
  viz: 'table',
  noData: 'No alert is pending or firing.',
  queries: () => [{ expr: agg('count', ['alertname', 'alertstate', 'severity'], selector('ALERTS')), instant: true }],
};

export const ALERTS_PAGE: PageSpec = {
  ...pageIdentity('alerts'),
  subtitle: 'Alert rule templates for P/D, Wide EP, serving and GPUs, their state, and how to install them.',
  filters: [],
  rows: [{ title: 'Now', panels: [activeAlerts] }],
};
