import React from 'react';
import { Alert } from '@grafana/ui';

/** What the preview shows when the built plugin cannot be loaded: the reason, and how to build it. */
export function BootError({ pluginId, error }: { pluginId: string; error: Error }) {
  return (
    <div style={{ padding: 24 }}>
      <Alert severity="error" title={`The ${pluginId} plugin could not be loaded`} data-testid="preview-boot-error">
        <p>{error.message}</p>
        <p>
          The preview host boots the built plugin from <code>dist/</code>: run <code>npm run build</code>, then reload.
        </p>
      </Alert>
    </div>
  );
}
