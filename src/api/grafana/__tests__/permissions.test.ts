import { setCurrentUser } from '@grafana/runtime';
import { canInstallRules, canReadGrafanaRules, currentPermissions } from '../permissions';
import { ROLE_PERMISSIONS } from './fakeGrafana';

describe('alerting permissions (Grafana authorization.go for POST /api/v1/provisioning/alert-rules)', () => {
  it('lets Editors and Admins install, not Viewers or users without boot data', () => {
    expect(canInstallRules(ROLE_PERMISSIONS.Editor)).toBe(true);
    expect(canInstallRules(ROLE_PERMISSIONS.Admin)).toBe(true);
    expect(canInstallRules(ROLE_PERMISSIONS.Viewer)).toBe(false);
    expect(canInstallRules(undefined)).toBe(false);
  });

  it('needs both rule create and provenance write when neither provisioning writer action is held', () => {
    expect(canInstallRules({ 'alert.rules:create': true })).toBe(false);
    expect(canInstallRules({ 'alert.rules:create': true, 'alert.provisioning.provenance:write': true })).toBe(true);
    expect(canInstallRules({ 'alert.rules.provisioning:write': true })).toBe(true);
    expect(canInstallRules({ 'alert.provisioning:write': false })).toBe(false);
  });

  it('reads Grafana-managed state with alert.rules:read', () => {
    expect(canReadGrafanaRules(ROLE_PERMISSIONS.Viewer)).toBe(true);
    expect(canReadGrafanaRules({})).toBe(false);
  });

  it("reads the signed-in user's permissions through the runtime's hasPermission, and none before Grafana has a user", () => {
    expect(currentPermissions()).toBeUndefined();
    setCurrentUser({ permissions: ROLE_PERMISSIONS.Editor } as unknown as Parameters<typeof setCurrentUser>[0]);
    const permissions = currentPermissions();
    expect(canInstallRules(permissions)).toBe(true);
    expect(canReadGrafanaRules(permissions)).toBe(true);
  });
});
