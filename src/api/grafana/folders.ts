/**
 * The folder the app's rules live in: found by uid, created when missing.
 *
 * Grafana's folder API, as the fake in __tests__/fakeGrafana.ts models it:
 * - GET /api/folders/{uid} → 200 with the folder, 404 when no *folder* has that uid (a dashboard with it
 *   does not count: grafana/grafana pkg/services/dashboards/database/database.go at
 *   010ec7bf5c84112b8e29ebec7b8a9af0d533aa77, GetFolderByUID filters on is_folder).
 * - POST /api/folders with a uid a folder or dashboard already has → 409 "a folder/dashboard with the same uid
 *   already exists" (pkg/api/apierrors/folder.go at 05b8f1931d94dd5f059267e13ea510e7d22726be maps
 *   ErrFolderWithSameUIDExists to 409; pkg/services/dashboards/errors.go at
 *   04cf05e788e1f50c27684200082b35f93592a0aa holds the message). Folders and dashboards share one uid space:
 *   the same database.go looks the uid up in the dashboard table whatever is_folder says. Older Grafana
 *   answered the same clash with 400 "Dashboard cannot be changed to a folder" (ErrDashboardTypeMismatch).
 */
import { GrafanaHttp, messageOf } from './http';
import { FOLDERS_PATH, folderPath } from './paths';

export type FolderResult = { ok: true; uid: string } | { ok: false; message: string };

export async function ensureFolder(http: GrafanaHttp, uid: string, title: string): Promise<FolderResult> {
  const found = await http.request<{ uid?: string }>('GET', folderPath(uid));
  if (found.status === 200) {
    return { ok: true, uid: found.data?.uid ?? uid };
  }
  if (found.status !== 404) {
    return { ok: false, message: folderFailure('find', found.status, messageOf(found.data)) };
  }
  const created = await http.request<{ uid?: string }>('POST', FOLDERS_PATH, { uid, title });
  if (created.status === 200 || created.status === 201) {
    return { ok: true, uid: created.data?.uid ?? uid };
  }
  return { ok: false, message: folderFailure('create', created.status, messageOf(created.data), uid) };
}

function folderFailure(step: 'find' | 'create', status: number, message: string | undefined, uid?: string): string {
  if (status === 401 || status === 403) {
    return `Grafana refused to ${step} the rule folder: ${step === 'create' ? 'creating folders needs the folders:create permission (Editor role)' : 'you cannot read it'}. Nothing was installed.`;
  }
  if (step === 'create' && (status === 409 || status === 400)) {
    return `Could not create the rule folder: its uid "${uid}" is taken by another folder or dashboard${message ? ` (Grafana: ${message})` : ''}. Nothing was installed.`;
  }
  if (status === 0) {
    return `Grafana did not answer${message ? ` (${message})` : ''}. Nothing was installed.`;
  }
  return `Could not ${step} the rule folder (HTTP ${status})${message ? `: ${message}` : ''}. Nothing was installed.`;
}
