/** The one registry of data-testid values, shared by unit, browser and e2e tests. */
export const testIds = {
  appConfig: {
    container: 'llmd-app-config',
    datasource: 'llmd-app-config-datasource',
    rolePreset: 'llmd-app-config-role-preset',
    roleLabel: 'llmd-app-config-role-label',
    rolePrefill: 'llmd-app-config-role-prefill',
    roleDecode: 'llmd-app-config-role-decode',
    sloTtft: 'llmd-app-config-slo-ttft',
    sloItl: 'llmd-app-config-slo-itl',
    traceDatasource: 'llmd-app-config-trace-datasource',
    traceService: 'llmd-app-config-trace-service',
    submit: 'llmd-app-config-submit',
    error: 'llmd-app-config-error',
  },
  dataSourceNotice: 'llmd-datasource-notice',
};
