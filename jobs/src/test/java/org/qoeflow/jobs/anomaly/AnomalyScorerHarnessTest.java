package org.qoeflow.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.lstm.ModelArtifact;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** The scorer with live per-node detectors (heap state); see {@link AnomalyScorerBytesTest}. */
class AnomalyScorerHarnessTest {
    private static final long WINDOW = 5000;
    private KeyedBroadcastOperatorTestHarness<String, QoeScore, ModelUpdate, AnomalyScore> harness;
    private Random random = new Random(7);

    /** Whether nodes keep live detectors in state. */
    boolean live() {
        return true;
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE); // as the job's model source does
    }

    KeyedBroadcastOperatorTestHarness<String, QoeScore, ModelUpdate, AnomalyScore> newHarness()
            throws Exception {
        return newHarness(live());
    }

    KeyedBroadcastOperatorTestHarness<String, QoeScore, ModelUpdate, AnomalyScore> newHarness(
            boolean live) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AnomalyScorer(Duration.ofMinutes(1), live),
                        List.of(AnomalyScorer.MODELS)),
                QoeScore::getNodeId,
                Types.STRING,
                1,
                1,
                0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    QoeScore window(String node, int i, double latencyFactor, double success) {
        double p95 = (300 + random.nextGaussian() * 15) * latencyFactor;
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.CLOUD)
                .setRegion("eu")
                .setDeviceClass("gpu-a100")
                .setModelVariant("large-fp16")
                .setWindowStart(Instant.ofEpochMilli(i * WINDOW))
                .setWindowEnd(Instant.ofEpochMilli((i + 1) * WINDOW))
                .setRequestCount(50)
                .setSampleCount(5)
                .setLatencyP50Ms(p95 * 0.6)
                .setLatencyP95Ms(p95)
                .setLatencyP99Ms(p95 * 1.2)
                .setSuccessRate(success)
                .setOffloadShare(0)
                .setBandwidthKbps(10000 + random.nextGaussian() * 200)
                .setJitterMs(5 + random.nextGaussian())
                .setTemperatureC(55 + random.nextGaussian())
                .setPowerMw(300000 + random.nextGaussian() * 5000)
                .setCpuFreqMhz(2400.0)
                .setQueueDepth(8 + random.nextGaussian())
                .setAppliedControlVersion(1)
                .setLoadWeight(0.3)
                .setQoeIndex(0.7)
                .build();
    }

    void push(QoeScore s) throws Exception {
        harness.processElement(new StreamRecord<>(s, s.getWindowEnd().toEpochMilli() - 1));
    }

    int stateEntries() {
        var backend =
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                harness.getTwoInputOperator())
                        .getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.TestableKeyedStateBackend<?>) backend)
                .numKeyValueStateEntries();
    }

    List<AnomalyScore> output() {
        return harness.extractOutputValues();
    }

    @Test
    void slowAndFailingNodeRaisesAnAlertAfterANormalPeriod() throws Exception {
        for (int i = 0; i < 300; i++) {
            push(window("c1", i, 1.0, 0.999));
        }
        long normalAlerts = output().stream().skip(100).filter(AnomalyScore::getAlert).count();
        for (int i = 300; i < 306; i++) {
            push(window("c1", i, 4.0, 0.6));
        }
        List<AnomalyScore> incident = output().subList(300, 306);
        assertThat(incident).anySatisfy(a -> assertThat(a.getAlert()).isTrue());
        assertThat(incident.get(0).getLikelihood()).isGreaterThanOrEqualTo(0.5);
        assertThat(incident.get(0).getTopFeatures()).isNotEmpty();
        // a recovered node alerts again on a later, larger incident (records never decay, so a
        // repeat of the same size does not: see docs/anomaly-job.md)
        for (int i = 306; i < 1200; i++) {
            push(window("c1", i, 1.0, 0.999));
        }
        for (int i = 1200; i < 1203; i++) {
            push(window("c1", i, 32.0, 0.1));
        }
        assertThat(output().subList(1200, 1203)).anySatisfy(a -> assertThat(a.getAlert()).isTrue());
        // few false alarms once warmed up (100 windows)
        assertThat(normalAlerts).isLessThanOrEqualTo(4); // <= 2% of 200 windows
    }

    @Test
    void aPartialScoreTakesNoDetectorStepTheWindowsFullScoreDoes() throws Exception {
        QoeScore partial = window("c1", 0, 4.0, 0.5);
        partial.setPartial(true);
        push(partial);
        assertThat(output()).isEmpty();
        assertThat(stateEntries()).isZero();

        QoeScore full = window("c1", 0, 4.0, 0.5);
        full.setRevision(1); // the full score after a partial one
        push(full);
        assertThat(output()).hasSize(1);
        assertThat(output().get(0).getWindowEnd()).isEqualTo(full.getWindowEnd());
    }

    @Test
    void aRevisionOfAWindowSteppedAlreadyOrAnOlderWindowTakesNoSecondStep() throws Exception {
        push(window("c1", 0, 1.0, 1.0));
        push(window("c1", 1, 1.0, 1.0));
        QoeScore revision = window("c1", 1, 1.0, 1.0);
        revision.setRevision(1); // a straggler re-fired the window
        push(revision);
        push(window("c1", 0, 1.0, 1.0)); // an older window, arriving late
        assertThat(output()).hasSize(2);
        push(window("c1", 2, 1.0, 1.0));
        assertThat(output()).hasSize(3);
        assertThat(output().get(2).getWindowEnd()).isEqualTo(Instant.ofEpochMilli(3 * WINDOW));
    }

    @Test
    void broadcastModelIsSwappedInWithoutRestartAndBadModelsAreRejected() throws Exception {
        push(window("c1", 0, 1, 1));
        assertThat(output().get(0).getModelVersion()).isEqualTo(ModelRegistry.BUILT_IN_VERSION);

        ModelArtifact artifact =
                ModelArtifact.untrained(
                        AnomalyOptions.builder().onlineLearning(false).seed(99).build(),
                        ModelRegistry.FEATURES);
        byte[] json = new ObjectMapper().writeValueAsBytes(artifact);
        harness.processBroadcastElement(
                new ModelUpdate("*", "v2", ByteBuffer.wrap(json), Instant.now()), 0);
        push(window("c1", 1, 1, 1));
        assertThat(output().get(1).getModelVersion()).isEqualTo("v2");

        harness.processBroadcastElement(
                new ModelUpdate("*", "broken", ByteBuffer.wrap("{oops".getBytes()), Instant.now()),
                0);
        push(window("c1", 2, 1, 1));
        assertThat(output().get(2).getModelVersion()).isEqualTo("v2");
    }

    @Test
    void stateOfDepartedNodesIsDroppedAfterTheTtl() throws Exception {
        push(window("gone", 0, 1, 1));
        push(window("stays", 0, 1, 1));
        assertThat(stateEntries()).isEqualTo(2);
        push(window("stays", 20, 1, 1)); // 100 s later
        harness.processWatermark(21 * WINDOW);
        assertThat(stateEntries()).isEqualTo(1);
        harness.processWatermark(21 * WINDOW + Duration.ofMinutes(1).toMillis());
        assertThat(stateEntries()).isZero();
    }

    @Test
    void oneCleanupTimerPerNodeWhateverTheNumberOfWindows() throws Exception {
        for (int i = 0; i < 50; i++) {
            push(window("a", i, 1, 1));
            push(window("b", i, 1, 1));
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void scoresSurviveACheckpointAndRestoreUnchanged() throws Exception {
        List<AnomalyScore> straight = run(live(), false);
        List<AnomalyScore> restored = run(live(), true);
        assertThat(restored).hasSize(360).containsExactlyElementsOf(straight);
        assertThat(straight).anySatisfy(a -> assertThat(a.getAlert()).isTrue());
    }

    @Test
    void liveAndByteStateGiveTheSameScores() throws Exception {
        assertThat(run(!live(), true)).containsExactlyElementsOf(run(live(), false));
    }

    /** 120 windows of 3 nodes, optionally through a snapshot into a fresh operator at 60. */
    private List<AnomalyScore> run(boolean live, boolean restoreHalfway) throws Exception {
        random = new Random(7); // the windows' noise, the same in every run
        var h = newHarness(live);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        Random r = new Random(3);
        List<AnomalyScore> out = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            if (restoreHalfway && i == 60) {
                var snapshot = h.snapshot(1, 1);
                out.addAll(h.extractOutputValues());
                h.close();
                h = newHarness(live);
                h.initializeState(snapshot);
                h.open();
                h.processBroadcastWatermark(Long.MAX_VALUE);
            }
            for (String n : List.of("x", "y", "z")) {
                QoeScore s = window(n, i, i > 100 ? 3 : 1 + 0.05 * r.nextGaussian(), 0.99);
                h.processElement(new StreamRecord<>(s, s.getWindowEnd().toEpochMilli() - 1));
            }
        }
        out.addAll(h.extractOutputValues());
        h.close();
        return out;
    }

    @Test
    void perNodeStateStaysUnderFourKilobytes() {
        var detector = new org.qoeflow.anomaly.lstm.LstmDetector(ModelRegistry.builtInModel());
        double[] x = new double[ModelRegistry.FEATURES.dimension()];
        for (int i = 0; i < 500; i++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = random.nextGaussian();
            }
            detector.score(i * WINDOW, x);
        }
        NodeAnomalyState st = new NodeAnomalyState();
        st.detector = detector.snapshot();
        st.lastFeatures = x;
        st.modelVersion = ModelRegistry.BUILT_IN_VERSION;
        st.group = "eu-west|CLOUD";
        assertThat(st.sizeBytes()).isLessThanOrEqualTo(4096);
    }
}
