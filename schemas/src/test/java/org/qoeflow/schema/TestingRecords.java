package org.qoeflow.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One representative record per topic, filling unions, maps, arrays and bytes (shared with other
 * modules through the test-jar).
 */
public final class TestingRecords {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private TestingRecords() {}

    public static Telemetry request(String node) {
        return telemetry(node)
                .setPayload(new RequestFact(40.0, 81.5, true, false, "req-1"))
                .build();
    }

    public static Telemetry sample(String node) {
        return telemetry(node)
                .setPayload(new NodeSample(1800.0, 2500.0, 41.5, 4000.0, 12.0, 60.0, 2, 3, 512.0))
                .build();
    }

    /** The sample record of {@code topic}; throws for a topic that carries no records. */
    @SuppressWarnings("unchecked")
    public static <V extends SpecificRecord> V of(TopicDescriptor<V> topic) {
        Map<String, SpecificRecord> samples =
                Map.ofEntries(
                        Map.entry(Topics.TELEMETRY.name(), (SpecificRecord) request("edge-000001")),
                        Map.entry(Topics.QOE_SCORES.name(), (SpecificRecord) qoeScore()),
                        Map.entry(Topics.CONTROL.name(), (SpecificRecord) control()),
                        Map.entry(Topics.DLQ.name(), (SpecificRecord) deadLetter()),
                        Map.entry(Topics.ANOMALY_SCORES.name(), (SpecificRecord) anomalyScore()),
                        Map.entry(Topics.MODELS.name(), (SpecificRecord) model()),
                        Map.entry(Topics.ANOMALY_TOPK.name(), (SpecificRecord) topK()),
                        Map.entry(Topics.COHORT_VERDICTS.name(), (SpecificRecord) cohortVerdict()),
                        Map.entry(Topics.SCOPE_SUMMARIES.name(), (SpecificRecord) scopeSummary()),
                        Map.entry(Topics.CLOUD_SCORES.name(), (SpecificRecord) qoeScore()),
                        Map.entry(
                                Topics.CLOUD_ANOMALY_SCORES.name(),
                                (SpecificRecord) anomalyScore()));
        SpecificRecord r = samples.get(topic.name());
        if (r == null) {
            throw new IllegalArgumentException(topic.name() + " carries no records");
        }
        return (V) r;
    }

    private static Telemetry.Builder telemetry(String node) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("1.0.0")
                .setEventTime(T0)
                .setAppliedControlVersion(7);
    }

    private static QoeScore qoeScore() {
        return QoeScore.newBuilder()
                .setNodeId("cloud-eu-west-0")
                .setTier(Tier.CLOUD)
                .setRegion("eu-west")
                .setDeviceClass("gpu-a100")
                .setModelVariant("large-fp16")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(5))
                .setRevision(1)
                .setRequestCount(42)
                .setSampleCount(5)
                .setLatencyP50Ms(120.0)
                .setLatencyP95Ms(250.0)
                .setLatencyP99Ms(300.0)
                .setSuccessRate(0.98)
                .setOffloadShare(0.0)
                .setQueueDepth(3.0)
                .setKvCacheUtilization(0.62)
                .setRunningRequests(11.5)
                .setAppliedControlVersion(9)
                .setLoadWeight(0.31)
                .setQoeIndex(0.77)
                .build();
    }

    private static ControlUpdate control() {
        return ControlUpdate.newBuilder()
                .setScope(Scopes.routing("eu-west"))
                .setKind(ControlKind.ROUTING_WEIGHTS)
                .setVersion(12)
                .setIssuedAt(T0)
                .setValidUntil(T0.plusSeconds(120))
                .setRoutingWeights(Map.of("cloud-eu-west-0", 0.25, "cloud-eu-west-1", 0.75))
                .setReason("routing:latency")
                .setKeyId("ctl-1")
                .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}))
                .build();
    }

    private static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap("edge-000001".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, (byte) 0xC3, 'x'}))
                .setSourceTopic(Topics.TELEMETRY.name())
                .setSourcePartition(1)
                .setSourceOffset(17)
                .setErrorClass("DecodeException")
                .setErrorMessage("not an Avro single-object encoded Telemetry")
                .setFailedAt(T0)
                .build();
    }

    private static AnomalyScore anomalyScore() {
        return AnomalyScore.newBuilder()
                .setNodeId("cloud-eu-west-0")
                .setTier(Tier.CLOUD)
                .setRegion("eu-west")
                .setDeviceClass("gpu-a100")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(5))
                .setRawScore(2.5)
                .setLikelihood(0.999)
                .setThreshold(1.2)
                .setAlert(true)
                .setTopFeatures(List.of("latency_p95_ms", "success_rate"))
                .setModelVersion("v1")
                .build();
    }

    private static ModelUpdate model() {
        return ModelUpdate.newBuilder()
                .setScope("*")
                .setModelVersion("v2")
                .setArtifact(ByteBuffer.wrap("{\"format\":1}".getBytes(StandardCharsets.UTF_8)))
                .setCreatedAt(T0)
                .build();
    }

    private static ScopeSummary scopeSummary() {
        ScopePart part =
                ScopePart.newBuilder()
                        .setWindowEnd(T0.plusSeconds(5))
                        .setDevices(3)
                        .setRequests(120)
                        .setSuccessSum(118.5)
                        .setLocalLatencySum(9000)
                        .setLocalRequests(80)
                        .setOffloadedLatencySum(9600)
                        .setOffloadedKnownRequests(40)
                        .setOffloadedRequests(40)
                        .setTransferWeight(0.004)
                        .setBandwidthSum(30000)
                        .setBandwidthCount(3)
                        .setTemperatureSum(120)
                        .setTemperatureCount(3)
                        .setCpuFreqSum(6000)
                        .setCpuFreqCount(3)
                        .setAppliedControlVersionMin(7)
                        .setLocalLatencyBuckets(List.of(Integer.MIN_VALUE, 232, 240))
                        .setLocalLatencyWeights(List.of(1.0, 40.0, 39.0))
                        .build();
        return ScopeSummary.newBuilder()
                .setScope("offload/eu-west/phone-high/tiny-int4")
                .setWindowEnd(T0.plusSeconds(5))
                .setParts(List.of(part))
                .build();
    }

    private static AnomalyTopK topK() {
        return AnomalyTopK.newBuilder()
                .setRegion("eu-west")
                .setWindowEnd(T0.plusSeconds(5))
                .setNodes(
                        List.of(
                                new RankedNode("cloud-eu-west-0", Tier.CLOUD, 0.999, true),
                                new RankedNode("edge-000001", Tier.EDGE, 0.4, false)))
                .build();
    }

    private static CohortVerdict cohortVerdict() {
        return CohortVerdict.newBuilder()
                .setRegion("eu-west")
                .setDeviceClass("phone-mid")
                .setModelVariant("tiny-int3")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(5))
                .setVerdict(CohortVerdictLevel.FAIL)
                .setWindowVerdict(CohortVerdictLevel.FAIL)
                .setFailingWindows(3)
                .setFailingWindowsNeeded(3)
                .setScore(75.0)
                .setCohortNodes(24)
                .setBaselineNodes(26)
                .setFailedMetrics(List.of("latency"))
                .setMetrics(
                        List.of(
                                new CohortMetricTest("latency", 24, 26, 0.8, 1e-7, 8e-7, 0.42),
                                new CohortMetricTest("temperature", 2, 3, null, null, null, 0.0)))
                .setReason("worse:latency")
                .build();
    }
}
