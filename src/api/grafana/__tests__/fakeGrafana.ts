/**
 * A fake of Grafana's folder, alerting provisioning and Grafana-managed rule status APIs, behind the same
 * GrafanaHttp door the app uses. Grafana itself cannot run here; this follows its handlers:
 *
 * - Folders (grafana/grafana): GET /api/folders/{uid} finds folders only (pkg/services/dashboards/database/
 *   database.go at 010ec7bf5c84112b8e29ebec7b8a9af0d533aa77, GetFolderByUID filters on is_folder) → 404
 *   "folder not found" otherwise. POST /api/folders needs folders:create (pkg/services/folder/folderimpl/
 *   folder.go, Create, content id 53456637430) → 403; a uid any folder *or dashboard* has → 409 "a
 *   folder/dashboard with the same uid already exists" (pkg/api/apierrors/folder.go at
 *   05b8f1931d94dd5f059267e13ea510e7d22726be, pkg/services/dashboards/errors.go at
 *   04cf05e788e1f50c27684200082b35f93592a0aa; one uid space: database.go looks uids up whatever is_folder says).
 * - Provisioning (pkg/services/ngalert/api/api_provisioning.go at 003dc7763721f09c7daa6001e39be89ddcbfc2a5):
 *   POST /api/v1/provisioning/alert-rules → 201; a taken uid → 409 (errutil.Conflict from the store,
 *   pkg/services/ngalert/store/alert_rule.go ruleConstraintViolationToErr, message template in
 *   pkg/services/ngalert/models/errors.go at 42c5b7ea3f7607335c3381e7f554b0e04ac4ed02); the same title in the
 *   same folder under another uid → 400. GET …/{UID} → 200 or 404 with an empty body. PUT …/{UID} → 200, or
 *   404 when absent. X-Disable-Provenance stores provenance "" instead of "api".
 * - Authorization (pkg/services/ngalert/api/authorization.go, content id 222702188): POST needs any of
 *   alert.provisioning:write, alert.rules.provisioning:write, or alert.rules:create with
 *   alert.provisioning.provenance:write; PUT the same with alert.rules:write for create; GET
 *   /api/prometheus/grafana/api/v1/rules needs alert.rules:read. Refusals are 403.
 * - GET /api/prometheus/grafana/api/v1/rules answers in the Prometheus rules shape, each rule with its state
 *   (pkg/services/ngalert/api/tooling/definitions/prom.go at 05318dcca2a195ad2a4f975d34288c051d6cfd89).
 * - Plugin settings (pkg/api/api.go, content id 18083817): POST /api/plugins/{pluginId}/settings needs
 *   plugins:write (pluginaccesscontrol.ActionWrite, granted to the Admin role) → 403 otherwise; an unknown
 *   plugin → 404 "Plugin not installed", else 200 "Plugin settings updated" (pkg/api/plugins.go
 *   UpdatePluginSetting, content id 60202563430).
 *
 * Path segments are decoded one by one, as Grafana's router does, so an unencoded `/` in a uid lands on no
 * route (404), and every request is logged for tests to inspect.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { GrafanaHttp, HttpMethod, HttpResult } from '../http';

export interface FakeRequest {
  method: HttpMethod;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

type Rule = Record<string, unknown> & { uid: string; title: string; folderUID: string; ruleGroup: string };

const EDITOR: Record<string, boolean> = {
  'folders:read': true,
  'folders:create': true,
  'alert.rules:read': true,
  'alert.rules:create': true,
  'alert.rules:write': true,
  'alert.provisioning.provenance:write': true,
};

/** Grafana's basic roles (an Admin has every Editor permission), as far as these APIs care (fixed role grants in pkg/services/ngalert/accesscontrol.go). */
export const ROLE_PERMISSIONS: Record<'Viewer' | 'Editor' | 'Admin', Record<string, boolean>> = {
  Viewer: { 'folders:read': true, 'alert.rules:read': true },
  Editor: EDITOR,
  Admin: {
    ...EDITOR,
    'alert.provisioning:read': true,
    'alert.provisioning:write': true,
    'plugins:write': true,
  },
};

/** The uids of the dashboards the plugin ships (src/dashboards/*.json), which Grafana imports on enable. */
export function includedDashboardUids(): string[] {
  const dir = join(__dirname, '..', '..', '..', 'dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { uid: string }).uid);
}

export interface PrometheusFixture {
  rules: { groups: Array<{ name: string; rules: Array<{ type: string; name: string }> }> };
  alerts: { alerts: Array<{ labels: Record<string, string>; state: string }> };
}

export class FakeGrafana implements GrafanaHttp {
  readonly requests: FakeRequest[] = [];
  readonly folders = new Map<string, { uid: string; title: string }>();
  readonly dashboards = new Set<string>();
  readonly rules = new Map<string, Rule & { provenance: string; id: number }>();
  /** Evaluation state of Grafana-managed rules by title (inactive when absent). */
  readonly ruleStates = new Map<string, string>();
  /** Stored app plugin settings by plugin id; a plugin absent here is not installed. */
  readonly pluginSettings = new Map<string, unknown>();
  /** Prometheus data sources reachable through the proxy, by uid. */
  readonly prometheus = new Map<string, PrometheusFixture>();
  private nextId = 1;

  constructor(public permissions: Record<string, boolean>, dashboards: string[] = includedDashboardUids()) {
    dashboards.forEach((uid) => this.dashboards.add(uid));
  }

  private can(...anyOf: string[][]): boolean {
    return anyOf.some((set) => set.every((a) => this.permissions[a]));
  }

  async request<T>(method: HttpMethod, url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>> {
    this.requests.push({ method, url, body: body === undefined ? undefined : JSON.parse(JSON.stringify(body)), headers });
    const res = this.route(method, url, body, headers ?? {});
    return { status: res.status, data: res.data as T };
  }

  private route(method: HttpMethod, url: string, body: unknown, headers: Record<string, string>): HttpResult {
    const path = url.split('?')[0];
    const seg = path.split('/').slice(1).map(decodeURIComponent);
    const key = `${method} /${seg.map((s, i) => (this.isParam(seg, i) ? '{}' : s)).join('/')}`;
    switch (key) {
      case 'GET /api/folders/{}':
        return this.getFolder(seg[2]);
      case 'POST /api/folders':
        return this.createFolder(body as { uid: string; title: string });
      case 'POST /api/v1/provisioning/alert-rules':
        return this.postRule(body as Rule, headers);
      case 'GET /api/v1/provisioning/alert-rules/{}':
        return this.getRule(seg[4]);
      case 'PUT /api/v1/provisioning/alert-rules/{}':
        return this.putRule(seg[4], body as Rule, headers);
      case 'GET /api/prometheus/grafana/api/v1/rules':
        return this.grafanaRuleStatus();
      case 'GET /api/datasources/proxy/uid/{}/api/v1/rules':
      case 'GET /api/datasources/proxy/uid/{}/api/v1/alerts':
        return this.proxy(seg[4], seg[7]);
      case 'POST /api/plugins/{}/settings':
        return this.updatePluginSettings(seg[2], body);
      default:
        return { status: 404, data: { message: 'Not found' } };
    }
  }

  /** Which path segments are parameters: the uid positions of the routes above. */
  private isParam(seg: string[], i: number): boolean {
    if (seg[0] !== 'api') {
      return false;
    }
    if (seg[1] === 'folders' || (seg[1] === 'plugins' && seg[3] === 'settings')) {
      return i === 2;
    }
    if (seg[1] === 'v1' && seg[2] === 'provisioning' && seg[3] === 'alert-rules') {
      return i === 4;
    }
    if (seg[1] === 'datasources' && seg[2] === 'proxy' && seg[3] === 'uid') {
      return i === 4;
    }
    return false;
  }

  private updatePluginSettings(pluginId: string, body: unknown): HttpResult {
    if (!this.can(['plugins:write'])) {
      return { status: 403, data: { message: 'You\'ll need additional permissions to perform this action. Permissions needed: plugins:write' } };
    }
    if (!this.pluginSettings.has(pluginId)) {
      return { status: 404, data: { message: 'Plugin not installed' } };
    }
    this.pluginSettings.set(pluginId, JSON.parse(JSON.stringify(body)));
    return { status: 200, data: { message: 'Plugin settings updated' } };
  }

  private getFolder(uid: string): HttpResult {
    const f = this.folders.get(uid);
    return f ? { status: 200, data: { ...f, id: 1, url: `/dashboards/f/${uid}/` } } : { status: 404, data: { status: 'not-found', message: 'folder not found' } };
  }

  private createFolder(body: { uid: string; title: string }): HttpResult {
    if (!this.can(['folders:create'])) {
      return { status: 403, data: { message: 'not enough permissions to create a folder in the selected location' } };
    }
    if (this.folders.has(body.uid) || this.dashboards.has(body.uid)) {
      return { status: 409, data: { message: 'a folder/dashboard with the same uid already exists' } };
    }
    this.folders.set(body.uid, { uid: body.uid, title: body.title });
    return { status: 200, data: { uid: body.uid, title: body.title, id: 1 } };
  }

  private provenance(headers: Record<string, string>): string {
    return 'X-Disable-Provenance' in headers ? '' : 'api';
  }

  private postRule(rule: Rule, headers: Record<string, string>): HttpResult {
    if (!this.can(['alert.provisioning:write'], ['alert.rules.provisioning:write'], ['alert.rules:create', 'alert.provisioning.provenance:write'])) {
      return { status: 403, data: { message: "You'll need additional permissions to perform this action." } };
    }
    if (!this.folders.has(rule.folderUID)) {
      return { status: 400, data: { message: `folder does not exist: ${rule.folderUID}` } };
    }
    const existing = this.rules.get(rule.uid);
    if (existing) {
      return {
        status: 409,
        data: {
          message: `alert rule [rule_uid: '${rule.uid}', title: '${rule.title}', namespace_uid: '${rule.folderUID}'] conflicts with existing [rule_uid: '${rule.uid}', title: '', namespace_uid: '']: rule UID under the same organisation should be unique`,
        },
      };
    }
    if ([...this.rules.values()].some((r) => r.folderUID === rule.folderUID && r.title === rule.title)) {
      return { status: 400, data: { message: 'a conflicting alert rule is found: rule title under the same organisation and folder should be unique' } };
    }
    const stored = this.store(rule, this.provenance(headers), this.nextId++);
    return { status: 201, data: stored };
  }

  /** What Grafana keeps: the rule plus its own fields, and query models filled with defaults. */
  private store(rule: Rule, provenance: string, id: number) {
    const data = (rule.data as Array<Record<string, unknown>>).map((q) => ({
      ...q,
      model: { intervalMs: 1000, maxDataPoints: 43200, ...(q.model as object) },
    }));
    const stored = { ...rule, data, id, orgID: 1, updated: new Date(0).toISOString(), provenance };
    this.rules.set(rule.uid, stored);
    return stored;
  }

  private getRule(uid: string): HttpResult {
    if (!this.can(['alert.provisioning:read'], ['alert.rules.provisioning:read'], ['alert.provisioning:write'], ['alert.rules:read'])) {
      return { status: 403, data: { message: "You'll need additional permissions to perform this action." } };
    }
    const r = this.rules.get(uid);
    return r ? { status: 200, data: r } : { status: 404, data: undefined };
  }

  private putRule(uid: string, rule: Rule, headers: Record<string, string>): HttpResult {
    if (!this.can(['alert.provisioning:write'], ['alert.rules.provisioning:write'], ['alert.rules:write', 'alert.provisioning.provenance:write'])) {
      return { status: 403, data: { message: "You'll need additional permissions to perform this action." } };
    }
    const existing = this.rules.get(uid);
    if (!existing) {
      return { status: 404, data: undefined };
    }
    return { status: 200, data: this.store({ ...rule, uid }, this.provenance(headers), existing.id) };
  }

  private grafanaRuleStatus(): HttpResult {
    if (!this.can(['alert.rules:read'])) {
      return { status: 403, data: { message: "You'll need additional permissions to perform this action." } };
    }
    const groups = new Map<string, Array<Record<string, unknown>>>();
    for (const r of this.rules.values()) {
      const list = groups.get(r.ruleGroup) ?? [];
      list.push({ name: r.title, type: 'alerting', state: this.ruleStates.get(r.title) ?? 'inactive', health: 'ok', query: '', labels: r.labels });
      groups.set(r.ruleGroup, list);
    }
    return {
      status: 200,
      data: { status: 'success', data: { groups: [...groups].map(([name, rules]) => ({ name, file: 'llm-d fleet', rules, interval: 60 })) } },
    };
  }

  private proxy(datasourceUid: string, api: string): HttpResult {
    const prom = this.prometheus.get(datasourceUid);
    if (!prom) {
      return { status: 404, data: { message: 'Data source not found' } };
    }
    return { status: 200, data: { status: 'success', data: api === 'rules' ? prom.rules : prom.alerts } };
  }
}
