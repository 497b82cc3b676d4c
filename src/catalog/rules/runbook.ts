/**
 * Where each alert's runbook lives: one anchor per alert in docs/runbooks.md. Rules carry its URL
 * (Alertmanager and Grafana show it as a link), built from the base URL the docs are served under.
 */
import pluginJson from '../../plugin.json';

export const RUNBOOK_DOC = 'docs/runbooks.md';

/**
 * Where the docs folder is served by default: Grafana serves the plugin's files, and the build ships docs/ in
 * dist/docs, so the link works wherever the app is installed (relative to Grafana's URL). Publish the docs
 * elsewhere and pass that URL to the generator's `--runbook-base-url` for links that work outside Grafana.
 */
export const RUNBOOK_BASE_URL = `/public/plugins/${pluginJson.id}/`;

/** The heading anchor of an alert in docs/runbooks.md (GitHub lower-cases headings). */
export const runbookAnchor = (alertName: string): string => alertName.toLowerCase();

export function runbookUrl(alertName: string, baseUrl = RUNBOOK_BASE_URL): string {
  return `${baseUrl}${RUNBOOK_DOC}#${runbookAnchor(alertName)}`;
}
