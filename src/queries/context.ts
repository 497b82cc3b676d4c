/**
 * The context a query builder needs: which filters the page offers, how roles are found, and the rate window.
 * Builders are pure functions of it, so the same builder serves the app's pages (role mapping from the app's
 * configuration), the included dashboards (role mapping from dashboard variables) and the alert rules
 * (no filters, a fixed window).
 */
import { RoleMapping } from '../settings/rolePresets';
import { Matcher, re } from './promql';
import { FilterVariable, ref, ROLE_FILTER_VALUE, VAR_ENGINE, VAR_MODEL, VAR_NAMESPACE, VAR_POD } from './variables';

export interface QueryContext {
  /** Matchers on every vLLM engine selector. */
  vllm: Matcher[];
  /** Matchers on every router (EPP) selector. */
  router: Matcher[];
  role: RoleMapping;
  /** Window of rate() and *_over_time(). */
  window: string;
  /** Heavy queries read recording rules' series where the `$recorded` gate opens them (./recorded.ts). */
  recorded?: boolean;
}

export const RATE_INTERVAL = '$__rate_interval';

/** The matcher each filter variable adds to vLLM selectors. */
export function filterMatcher(variable: FilterVariable, role: RoleMapping): Matcher {
  switch (variable) {
    case 'model':
      return re('model_name', ref(VAR_MODEL));
    case 'namespace':
      return re('namespace', ref(VAR_NAMESPACE));
    case 'role':
      return re(role.label, ROLE_FILTER_VALUE);
    case 'pod':
      return re('pod', ref(VAR_POD));
    case 'engine':
      return re('engine', ref(VAR_ENGINE));
  }
}

/** Context for a page or dashboard that offers the given filter variables. */
export function variableContext(role: RoleMapping, filters: FilterVariable[], window = RATE_INTERVAL): QueryContext {
  return {
    vllm: filters.map((f) => filterMatcher(f, role)),
    router: filters.includes('model') ? [re('model_name', ref(VAR_MODEL))] : [],
    role,
    window,
    recorded: true,
  };
}

/** Context for recording and alerting rules: every series, a fixed window. */
export function ruleContext(role: RoleMapping, window = '5m'): QueryContext {
  return { vllm: [], router: [], role, window };
}
