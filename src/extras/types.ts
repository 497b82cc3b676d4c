/** What a page's extras are: scene objects built from the app's settings (see ./index.ts). */
import type { SceneObject } from '@grafana/scenes';
import type { AppSettings } from '../settings/settings';

export type PageExtras = (settings: AppSettings) => SceneObject[];
