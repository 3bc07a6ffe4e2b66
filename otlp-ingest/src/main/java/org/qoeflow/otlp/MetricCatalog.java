package org.qoeflow.otlp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which metric names the job understands: the Model Server Protocol metrics of vLLM, SGLang and
 * Triton/TensorRT-LLM as the Collector's {@code prometheus} receiver names them, and the
 * OpenTelemetry GenAI semantic conventions. Anything else is counted as unknown.
 */
public final class MetricCatalog {
    /** How one metric (optionally only its points with some attribute value) maps. */
    public record Rule(
            Signal signal,
            String attribute,
            Set<String> values,
            Set<String> failedValues,
            boolean failure) {
        /** True when a point with {@code attrs} belongs to this rule. */
        boolean matches(Map<String, String> attrs) {
            String v = attribute == null ? null : attrs.get(attribute);
            return attribute == null || v != null && values.contains(v);
        }

        /** True when the point counts failed requests. */
        boolean isFailure(Map<String, String> attrs) {
            if (signal == Signal.E2E_LATENCY) {
                // GenAI conventions: error.type is set exactly when the operation failed
                return attrs.containsKey("error.type");
            }
            String v = attribute == null ? null : attrs.get(attribute);
            return failure || v != null && failedValues.contains(v);
        }
    }

    private static Rule plain(Signal s) {
        return new Rule(s, null, Set.of(), Set.of(), false);
    }

    private static Rule where(Signal s, String attribute, String value) {
        return new Rule(s, attribute, Set.of(value), Set.of(), false);
    }

    private static final Rule VLLM_OUTCOMES =
            new Rule(
                    Signal.OUTCOMES,
                    "finished_reason",
                    Set.of("stop", "length", "abort", "error"),
                    Set.of("abort", "error"),
                    false);

    private static final Map<String, List<Rule>> RULES =
            Map.ofEntries(
                    Map.entry(
                            "vllm:e2e_request_latency_seconds", List.of(plain(Signal.E2E_LATENCY))),
                    Map.entry("vllm:time_to_first_token_seconds", List.of(plain(Signal.TTFT))),
                    Map.entry("vllm:num_requests_waiting", List.of(plain(Signal.QUEUE_DEPTH))),
                    Map.entry("vllm:num_requests_running", List.of(plain(Signal.RUNNING_REQUESTS))),
                    Map.entry("vllm:gpu_cache_usage_perc", List.of(plain(Signal.KV_CACHE))),
                    Map.entry("vllm:kv_cache_usage_perc", List.of(plain(Signal.KV_CACHE))),
                    Map.entry("vllm:request_success_total", List.of(VLLM_OUTCOMES)),
                    Map.entry(
                            "sglang:e2e_request_latency_seconds",
                            List.of(plain(Signal.E2E_LATENCY))),
                    Map.entry("sglang:time_to_first_token_seconds", List.of(plain(Signal.TTFT))),
                    Map.entry("sglang:num_queue_reqs", List.of(plain(Signal.QUEUE_DEPTH))),
                    Map.entry("sglang:num_running_reqs", List.of(plain(Signal.RUNNING_REQUESTS))),
                    Map.entry("sglang:token_usage", List.of(plain(Signal.KV_CACHE))),
                    Map.entry(
                            "nv_trt_llm_request_metrics",
                            List.of(where(Signal.QUEUE_DEPTH, "request_type", "waiting"))),
                    Map.entry(
                            "nv_trt_llm_kv_cache_block_metrics",
                            List.of(where(Signal.KV_CACHE, "kv_cache_block_type", "fraction"))),
                    Map.entry(
                            "nv_inference_request_success",
                            List.of(new Rule(Signal.OUTCOMES, null, Set.of(), Set.of(), false))),
                    Map.entry(
                            "nv_inference_request_failure",
                            List.of(new Rule(Signal.OUTCOMES, null, Set.of(), Set.of(), true))),
                    Map.entry("gen_ai.server.request.duration", List.of(plain(Signal.E2E_LATENCY))),
                    Map.entry(
                            "gen_ai.client.operation.duration", List.of(plain(Signal.E2E_LATENCY))),
                    Map.entry("gen_ai.server.time_to_first_token", List.of(plain(Signal.TTFT))));

    private MetricCatalog() {}

    /** True when the job knows a metric of this name (with or without a {@code _total} suffix). */
    public static boolean knows(String name) {
        return RULES.containsKey(name) || RULES.containsKey(name + "_total");
    }

    /** The rule for a point of metric {@code name} with {@code attrs}, if the job maps it. */
    public static Optional<Rule> rule(String name, Map<String, String> attrs) {
        List<Rule> rules = RULES.getOrDefault(name, RULES.get(name + "_total"));
        if (rules == null) {
            return Optional.empty();
        }
        return rules.stream().filter(r -> r.matches(attrs)).findFirst();
    }

    /**
     * Multiplier from a histogram's unit to milliseconds: {@code ms} is kept, {@code us} divided,
     * anything else ({@code s}, empty, a {@code _seconds} name) is seconds, the unit of every
     * latency histogram in the catalog.
     */
    public static double toMillis(String unit) {
        return switch (unit == null ? "" : unit) {
            case "ms" -> 1.0;
            case "us" -> 0.001;
            default -> 1000.0;
        };
    }
}
