/**
 * What the fleet is, named from the families Prometheus holds: which engines (vLLM and its version range,
 * older vLLM, SGLang and its release shape), which router, and for each Wide EP quantity the source it is read
 * from or why there is none. Pure, so it is tested without a Prometheus.
 */
import { ORIGIN_TEXT, Quantity, QuantitySource, QUANTITIES, WIDE_EP_QUANTITIES } from '../../queries/signals/quantities';
import { SIGNALS } from '../../queries/signals/signals';
import { catalogNames, seriesPerName } from '../../queries/scrapeHealth';
import type { Expr } from '../../queries/promql';
import { exposedName } from './classifySignals';

/**
 * Families that tell engines and releases apart; the presence query counts them beside the catalog's names.
 * vLLM: vllm/v1/metrics/loggers.py (kv_cache_usage_perc since 0.10, prompt_tokens_by_source since 0.16,
 * num_requests_waiting_by_reason since 0.20; gpu_cache_usage_perc before 0.10, removed in 0.12). SGLang:
 * python/sglang/srt/observability/metrics_collector.py (formerly srt/metrics/collector.py, sgl-project/sglang@
 * 44cedc2b9c7dd31d9acae4498ea4fa0d3665feed for the older shape): kv_transfer_* were gauges and are histograms,
 * num_prefill_prealloc_queue_reqs became num_prefill_bootstrap_queue_reqs.
 */
export const MARKERS = {
  vllm: 'vllm:kv_cache_usage_perc',
  vllmOld: 'vllm:gpu_cache_usage_perc',
  vllmBySource: 'vllm:prompt_tokens_by_source_total',
  vllmWaitingByReason: 'vllm:num_requests_waiting_by_reason',
  sglang: 'sglang:num_running_reqs',
  sglangTransferHistogram: 'sglang:kv_transfer_latency_ms_count',
  sglangTransferGauge: 'sglang:kv_transfer_latency_ms',
  sglangBootstrapQueue: 'sglang:num_prefill_bootstrap_queue_reqs',
  sglangPreallocQueue: 'sglang:num_prefill_prealloc_queue_reqs',
};

export function markerNames(): string[] {
  return Object.values(MARKERS);
}

/** The check's one instant query: series per name, for the catalog's names and the markers above. */
export function presenceQuery(): Expr {
  return seriesPerName([...new Set([...catalogNames(), ...markerNames()])]);
}

export interface EngineFinding {
  /** vLLM, older vLLM, SGLang, llm-d router. */
  engine: string;
  /** The release range the families place it in. */
  range: string;
  /** The families that say so. */
  evidence: string[];
}

export interface QuantityFinding {
  quantity: Quantity;
  /** The most preferred source whose families all have series; undefined when none has. */
  source?: QuantitySource;
  /** Exposed family names the source reads. */
  families: string[];
  /** What the page shows: the source read, or what would bring one. */
  text: string;
}

export interface FleetIdentity {
  engines: EngineFinding[];
  wideEp: QuantityFinding[];
}

const has = (counts: Map<string, number>, name: string) => (counts.get(name) ?? 0) > 0;

function vllmRange(counts: Map<string, number>): string {
  if (has(counts, MARKERS.vllmWaitingByReason)) {
    return '0.20 or newer';
  }
  if (has(counts, MARKERS.vllmBySource)) {
    return '0.16 to 0.19';
  }
  return '0.10 to 0.15';
}

function engines(counts: Map<string, number>): EngineFinding[] {
  const found: EngineFinding[] = [];
  if (has(counts, MARKERS.vllm)) {
    const evidence = [MARKERS.vllm, MARKERS.vllmBySource, MARKERS.vllmWaitingByReason].filter((n) => has(counts, n));
    found.push({ engine: 'vLLM', range: vllmRange(counts), evidence });
  }
  if (has(counts, MARKERS.vllmOld)) {
    found.push({ engine: 'older vLLM', range: 'before 0.10 (its cache names were removed in 0.12)', evidence: [MARKERS.vllmOld] });
  }
  if (has(counts, MARKERS.sglang)) {
    const newer = has(counts, MARKERS.sglangTransferHistogram) || has(counts, MARKERS.sglangBootstrapQueue);
    const older = has(counts, MARKERS.sglangTransferGauge) || has(counts, MARKERS.sglangPreallocQueue);
    const range =
      newer && older
        ? 'both release shapes: an upgrade in progress'
        : newer
          ? 'current (KV transfer histograms, bootstrap queue)'
          : older
            ? 'older (KV transfer gauges, prealloc queue)'
            : 'release not told apart (no P/D families)';
    const evidence = [MARKERS.sglang, MARKERS.sglangTransferHistogram, MARKERS.sglangBootstrapQueue, MARKERS.sglangTransferGauge, MARKERS.sglangPreallocQueue].filter(
      (n) => has(counts, n)
    );
    found.push({ engine: 'SGLang', range, evidence });
  }
  for (const name of SIGNALS.pdDecisions.names) {
    if (has(counts, name.name)) {
      found.push({ engine: 'llm-d router', range: name.note ?? 'current (llm_d_epp_* names)', evidence: [name.name] });
    }
  }
  return found;
}

function familiesOf(source: QuantitySource): string[] {
  return source.signals.flatMap((id) => {
    const signal = SIGNALS[id];
    return signal.names.map((n) => exposedName(signal, n));
  });
}

/** A source is in use when each of its signals has series under one of its names. */
function inUse(source: QuantitySource, counts: Map<string, number>): string[] | undefined {
  const used = source.signals.map((id) => {
    const signal = SIGNALS[id];
    return signal.names.map((n) => exposedName(signal, n)).find((n) => has(counts, n));
  });
  return used.every((n) => n !== undefined) ? (used as string[]) : undefined;
}

function findQuantity(quantity: Quantity, counts: Map<string, number>): QuantityFinding {
  for (const source of quantity.sources) {
    const families = inUse(source, counts);
    if (families) {
      return { quantity, source, families, text: `reads ${families.join(', ')} (${ORIGIN_TEXT[source.origin]}: ${source.cite})` };
    }
  }
  return { quantity, families: quantity.sources.flatMap(familiesOf), text: `no source: ${quantity.missing}` };
}

export function identifyFleet(counts: Map<string, number>): FleetIdentity {
  return { engines: engines(counts), wideEp: WIDE_EP_QUANTITIES.map((id) => findQuantity(QUANTITIES[id], counts)) };
}
