/** The preview's data source settings: plain data, safe to import before the runtime boots. */
export const PREVIEW_DS_UID = 'prometheus';

export const PREVIEW_DS_SETTINGS = {
  id: 1,
  uid: PREVIEW_DS_UID,
  name: 'Prometheus',
  type: 'prometheus',
  access: 'proxy',
  url: `/api/datasources/proxy/uid/${PREVIEW_DS_UID}`,
  isDefault: true,
  readOnly: true,
  jsonData: { timeInterval: '5s' },
  meta: {
    id: 'prometheus',
    name: 'Prometheus',
    type: 'datasource',
    module: 'core:plugin/prometheus',
    baseUrl: '',
    metrics: true,
    annotations: true,
    info: {
      author: { name: 'preview' },
      description: 'Prometheus through the preview host',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '',
    },
  },
};
