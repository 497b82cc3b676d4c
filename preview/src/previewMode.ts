/**
 * How this page of the preview was asked to look, read once from the URL before anything renders:
 * `?theme=light|dark` sets the user's theme in the boot data (as a Grafana user's preference would), and
 * `?screenshot=1` leaves out the "not Grafana" banner for catalog screenshots. Read at boot because the app's
 * scenes rewrite the query string as they sync their state.
 */
export interface PreviewMode {
  theme: 'dark' | 'light';
  bannerless: boolean;
}

export function readPreviewMode(search: string): PreviewMode {
  const params = new URLSearchParams(search);
  return {
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    bannerless: params.get('screenshot') === '1',
  };
}
