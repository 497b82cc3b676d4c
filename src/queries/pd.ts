/**
 * Query builders of the Prefill/Decode page: pure functions of the query context that return PromQL.
 * Grouped by what they answer, one file each under ./pd/.
 */
export * from './pd/scope';
export * from './pd/promptTokens';
export * from './pd/kvTransfer';
export * from './pd/cache';
export * from './pd/batches';
export * from './pd/queues';
export * from './pd/ttft';
export * from './pd/router';
