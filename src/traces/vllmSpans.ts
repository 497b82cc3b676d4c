/**
 * What vLLM's OpenTelemetry tracing emits for a request, transcribed from upstream:
 * - vllm-project/vllm vllm/tracing.py @ 03b8a674ec7e654ab285df6f013a53a24381f941 (SpanAttributes)
 * - vllm-project/vllm vllm/v1/engine/output_processor.py @ d07822605346f767b672503c9aae85aa23ef2d82 (do_tracing):
 *   one SERVER span named `llm_request` per finished request, started at the request's arrival, with the
 *   latencies below as float seconds. The service name is the OpenTelemetry SDK's (OTEL_SERVICE_NAME), set where
 *   vLLM runs with `--otlp-traces-endpoint`, so it is a setting here, never a constant.
 */
export const LLM_REQUEST_SPAN = 'llm_request';

export const SPAN_ATTRIBUTES = {
  timeToFirstToken: 'gen_ai.latency.time_to_first_token',
  e2e: 'gen_ai.latency.e2e',
  timeInQueue: 'gen_ai.latency.time_in_queue',
  timeInModelPrefill: 'gen_ai.latency.time_in_model_prefill',
  timeInModelDecode: 'gen_ai.latency.time_in_model_decode',
  requestId: 'gen_ai.request.id',
  promptTokens: 'gen_ai.usage.prompt_tokens',
} as const;
