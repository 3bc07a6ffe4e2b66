package org.qoeflow.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Map;

/** Small OTLP builders for tests (shared through the test-jar). */
public final class TestingOtlp {
    /** The vLLM fixture's model server, as a Kubernetes pod scraped by the Collector. */
    public static final String POD = "vllm-llama-8b-7d9f8c6b5-x2k4q";

    private TestingOtlp() {}

    public static Map<String, String> vllmPod(String pod) {
        Map<String, String> r = PrometheusScrapeToOtlp.target("vllm", "10.0.3.17:8000");
        r.put("k8s.pod.name", pod);
        r.put("k8s.namespace.name", "inference");
        r.put("cloud.region", "eu-west");
        return r;
    }

    /** The {@code n}-th vLLM fixture scrape (1, 2, or 3 after a restart) of {@code pod}. */
    public static ExportMetricsServiceRequest vllmScrape(
            int n, String pod, long startNanos, long timeNanos) {
        String file =
                switch (n) {
                    case 1 -> "vllm-scrape-1.txt";
                    case 2 -> "vllm-scrape-2.txt";
                    case 3 -> "vllm-scrape-3-restarted.txt";
                    default -> throw new IllegalArgumentException("no scrape " + n);
                };
        return PrometheusScrapeToOtlp.convert(
                PrometheusScrapeToOtlp.resource(file), vllmPod(pod), startNanos, timeNanos);
    }

    /** One GenAI-convention latency histogram (unit s) on a resource. */
    public static ExportMetricsServiceRequest genAiHistogram(
            Map<String, String> resource,
            String name,
            AggregationTemporality temporality,
            Map<String, String> attrs,
            double[] boundsSeconds,
            long[] counts,
            long startNanos,
            long timeNanos) {
        HistogramDataPoint.Builder dp =
                HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(startNanos)
                        .setTimeUnixNano(timeNanos)
                        .addAllAttributes(PrometheusScrapeToOtlp.kvs(attrs));
        long total = 0;
        for (double b : boundsSeconds) {
            dp.addExplicitBounds(b);
        }
        for (long c : counts) {
            dp.addBucketCounts(c);
            total += c;
        }
        dp.setCount(total);
        Metric m =
                Metric.newBuilder()
                        .setName(name)
                        .setUnit("s")
                        .setHistogram(
                                Histogram.newBuilder()
                                        .setAggregationTemporality(temporality)
                                        .addDataPoints(dp))
                        .build();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAllAttributes(
                                                        PrometheusScrapeToOtlp.kvs(resource)))
                                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(m)))
                .build();
    }
}
