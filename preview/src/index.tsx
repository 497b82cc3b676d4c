// The boot data must exist before @grafana/runtime is evaluated: import it first, then the rest lazily.
import './boot';

import('./main').then(({ start }) => start(document.getElementById('root')!));
