package org.qoeflow.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.otlp.TestingOtlp.POD;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.qoeflow.otlp.OtlpMetricsMapper.Skip;
import org.qoeflow.schema.Tier;

class OtlpMetricsMapperTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_764_021_600L * S;

    private final OtlpMetricsMapper mapper = new OtlpMetricsMapper(OtlpMapping.DEFAULTS);

    private static Map<Signal, List<MetricPoint>> bySignal(OtlpMetricsMapper.Mapped m) {
        return m.points().stream().collect(Collectors.groupingBy(p -> p.signal));
    }

    @Test
    void mapsAVllmScrapeAsThePrometheusReceiverExportsIt() {
        var mapped = mapper.map(TestingOtlp.vllmScrape(1, POD, T0, T0));
        var by = bySignal(mapped);

        assertThat(mapped.points()).hasSize(8);
        assertThat(by.get(Signal.QUEUE_DEPTH))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.value).isEqualTo(3.0);
                            assertThat(p.cumulative).isFalse();
                        });
        assertThat(by.get(Signal.RUNNING_REQUESTS).get(0).value).isEqualTo(12.0);
        assertThat(by.get(Signal.KV_CACHE).get(0).value).isEqualTo(0.42);
        Map<Boolean, Double> outcomes =
                by.get(Signal.OUTCOMES).stream()
                        .collect(
                                Collectors.groupingBy(
                                        p -> p.failed, Collectors.summingDouble(p -> p.value)));
        assertThat(outcomes).containsEntry(false, 1237.0).containsEntry(true, 3.0);
        MetricPoint e2e = by.get(Signal.E2E_LATENCY).get(0);
        assertThat(e2e.cumulative).isTrue();
        assertThat(e2e.boundsMs).hasSize(21).startsWith(300.0, 500.0, 800.0);
        assertThat(e2e.counts).hasSize(22);
        assertThat(e2e.value).isEqualTo(1240);
        assertThat(e2e.startNanos).isEqualTo(T0);
        assertThat(by.get(Signal.TTFT).get(0).boundsMs[0]).isEqualTo(1.0);
        // python_gc, process_resident_memory, preemptions, prompt and generation tokens,
        // cache_config_info, and the receiver's up + four scrape_* metrics
        assertThat(mapped.skipped(Skip.UNKNOWN_METRIC)).isEqualTo(11);
        assertThat(mapped.points())
                .allSatisfy(
                        p -> {
                            assertThat(p.nodeId).isEqualTo(POD);
                            assertThat(p.tier).isEqualTo(Tier.CLOUD);
                            assertThat(p.region).isEqualTo("eu-west");
                            assertThat(p.deviceClass).isEqualTo("model-server");
                            assertThat(p.modelVariant)
                                    .isEqualTo("meta-llama-Llama-3.1-8B-Instruct");
                            assertThat(p.timeNanos).isEqualTo(T0);
                        });
        assertThat(mapped.points().stream().map(p -> p.series).distinct()).hasSize(8);
    }

    @Test
    void nodeIdFallsBackToServiceInstanceIdAndTheOrderIsConfigurable() {
        Map<String, String> noPod = PrometheusScrapeToOtlp.target("vllm", "10.0.3.17:8000");
        ExportMetricsServiceRequest r =
                PrometheusScrapeToOtlp.convert(
                        PrometheusScrapeToOtlp.resource("vllm-scrape-1.txt"), noPod, T0, T0);
        assertThat(mapper.map(r).points()).allMatch(p -> p.nodeId.equals("10.0.3.17:8000"));

        OtlpMapping instanceFirst =
                OtlpMapping.DEFAULTS.withOverrides(
                        Map.of("nodeIdKeys", "service.instance.id, k8s.pod.name"));
        assertThat(
                        new OtlpMetricsMapper(instanceFirst)
                                .map(TestingOtlp.vllmScrape(1, POD, T0, T0))
                                .points())
                .allMatch(p -> p.nodeId.equals("10.0.3.17:8000"));
    }

    @Test
    void aResourceWithoutNodeIdIsCountedNotMapped() {
        Map<String, String> anonymous = new LinkedHashMap<>(Map.of("service.name", "vllm"));
        ExportMetricsServiceRequest r =
                PrometheusScrapeToOtlp.convert(
                        PrometheusScrapeToOtlp.resource("vllm-scrape-1.txt"), anonymous, T0, T0);
        var mapped = mapper.map(r);
        assertThat(mapped.points()).isEmpty();
        assertThat(mapped.skipped(Skip.NO_NODE_ID)).isEqualTo(8);
    }

    @Test
    void tierRegionAndDeviceClassComeFromAttributesWithConfigurableKeys() {
        Map<String, String> device = new LinkedHashMap<>();
        device.put("service.instance.id", "phone-0042");
        device.put("qoeflow.tier", "edge");
        device.put("geo", "ap-south");
        device.put("qoeflow.device_class", "phone-high");
        OtlpMapping m = OtlpMapping.DEFAULTS.withOverrides(Map.of("regionKeys", "geo"));
        var r =
                TestingOtlp.genAiHistogram(
                        device,
                        "gen_ai.client.operation.duration",
                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                        Map.of("gen_ai.request.model", "tiny-int4"),
                        new double[] {0.1, 0.5},
                        new long[] {3, 1, 0},
                        T0,
                        T0 + 5 * S);

        MetricPoint p = new OtlpMetricsMapper(m).map(r).points().get(0);

        assertThat(p.nodeId).isEqualTo("phone-0042");
        assertThat(p.tier).isEqualTo(Tier.EDGE);
        assertThat(p.region).isEqualTo("ap-south");
        assertThat(p.deviceClass).isEqualTo("phone-high");
        assertThat(p.modelVariant).isEqualTo("tiny-int4");
        assertThat(p.signal).isEqualTo(Signal.E2E_LATENCY);
        assertThat(p.cumulative).isFalse();
        assertThat(p.boundsMs).containsExactly(100.0, 500.0);
        assertThat(p.counts).containsExactly(3, 1, 0);
        assertThat(p.failed).isFalse();
    }

    @Test
    void genAiDurationsWithErrorTypeCountAsFailures() {
        var r =
                TestingOtlp.genAiHistogram(
                        Map.of("service.instance.id", "gw-1"),
                        "gen_ai.server.request.duration",
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                        Map.of("error.type", "timeout"),
                        new double[] {1},
                        new long[] {0, 2},
                        T0,
                        T0 + S);
        assertThat(mapper.map(r).points()).singleElement().matches(p -> p.failed && p.cumulative);
    }

    private static ExportMetricsServiceRequest gauges(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAllAttributes(
                                                        PrometheusScrapeToOtlp.kvs(
                                                                Map.of("k8s.pod.name", "p-1"))))
                                .addScopeMetrics(
                                        ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
                .build();
    }

    private static Metric gauge(
            String name, Function<NumberDataPoint.Builder, NumberDataPoint.Builder> f) {
        return Metric.newBuilder()
                .setName(name)
                .setGauge(
                        Gauge.newBuilder()
                                .addDataPoints(
                                        f.apply(NumberDataPoint.newBuilder().setTimeUnixNano(T0))))
                .build();
    }

    @Test
    void invalidPointsAndStalenessMarkersAreCountedNotMapped() {
        var mapped =
                mapper.map(
                        gauges(
                                gauge("vllm:num_requests_waiting", b -> b.setAsDouble(Double.NaN)),
                                gauge("vllm:num_requests_waiting", b -> b.setAsDouble(-1)),
                                gauge("vllm:kv_cache_usage_perc", b -> b.setAsDouble(42)),
                                gauge(
                                        "vllm:num_requests_running",
                                        b -> b.setAsInt(3).setTimeUnixNano(0)),
                                gauge(
                                        "vllm:num_requests_running",
                                        b -> b.setAsDouble(1).setFlags(1)),
                                gauge("vllm:num_requests_running", b -> b.setAsInt(7))));

        assertThat(mapped.points()).singleElement().matches(p -> p.value == 7);
        assertThat(mapped.skipped(Skip.INVALID_POINT)).isEqualTo(4);
        assertThat(mapped.skipped(Skip.NO_RECORDED_VALUE)).isEqualTo(1);
    }

    @Test
    void inconsistentHistogramBucketsAreInvalid() {
        var r =
                TestingOtlp.genAiHistogram(
                        Map.of("service.instance.id", "gw-1"),
                        "gen_ai.server.time_to_first_token",
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                        Map.of(),
                        new double[] {1, 0.5},
                        new long[] {1, 1, 1},
                        T0,
                        T0 + S);
        assertThat(mapper.map(r).skipped(Skip.INVALID_POINT)).isEqualTo(1);
    }

    @Test
    void aKnownNameWithAnotherDataTypeIsUnsupported() {
        Metric summary =
                Metric.newBuilder()
                        .setName("vllm:e2e_request_latency_seconds")
                        .setSummary(
                                Summary.newBuilder()
                                        .addDataPoints(
                                                io.opentelemetry.proto.metrics.v1.SummaryDataPoint
                                                        .newBuilder()
                                                        .setTimeUnixNano(T0)))
                        .build();
        Metric gaugeAsCounter = gauge("nv_inference_request_success", b -> b.setAsDouble(1));
        var mapped = mapper.map(gauges(summary, gaugeAsCounter));
        assertThat(mapped.points()).isEmpty();
        assertThat(mapped.skipped(Skip.UNSUPPORTED_TYPE)).isEqualTo(2);
    }

    @Test
    void garbageIsNoRequest() {
        assertThatThrownBy(() -> OtlpMetricsMapper.parse(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> OtlpMetricsMapper.parse(null))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void badOverridesNameTheKey() {
        assertThatThrownBy(() -> OtlpMapping.DEFAULTS.withOverrides(Map.of("nodeKeys", "x")))
                .hasMessageContaining("unknown --otlp option 'nodeKeys'");
        assertThatThrownBy(() -> OtlpMapping.DEFAULTS.withOverrides(Map.of("defaultTier", "fog")))
                .hasMessageContaining("defaultTier");
        assertThatThrownBy(() -> OtlpMapping.DEFAULTS.withOverrides(Map.of("nodeIdKeys", " ")))
                .hasMessageContaining("nodeIdKeys");
        assertThatThrownBy(
                        () ->
                                OtlpMapping.DEFAULTS.withOverrides(
                                        Map.of("defaultRegion", "eu west")))
                .hasMessageContaining("defaultRegion");
    }
}
