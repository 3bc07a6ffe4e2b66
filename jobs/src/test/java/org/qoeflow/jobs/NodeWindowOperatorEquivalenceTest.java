package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * The per-node window operator emits exactly what the stock tumbling window operator (aggregate +
 * {@link ScoreWindow}, allowed lateness, late side output) emitted, on generated telemetry with
 * out-of-order, late-within-lateness and too-late events, checkpointing in between.
 */
class NodeWindowOperatorEquivalenceTest {
    private static final long T0 = 1_700_000_000_000L;

    @ParameterizedTest(name = "window {0} ms, lateness {1} ms, seed {2}, state per window {3}")
    @CsvSource({
        "5000,5000,1,false",
        "5000,0,2,false",
        "5000,12000,3,false",
        "2000,3000,4,false",
        "5000,5000,1,true",
        "5000,0,2,true",
        "5000,12000,3,true",
        "2000,3000,4,true"
    })
    void emitsWhatTheStockWindowOperatorEmitted(
            long window, long lateness, long seed, boolean perWindow) throws Exception {
        List<Object> script = script(seed, window);
        Run stock = run(stockOperator(window, lateness), script);
        Run ours =
                run(
                        new NodeWindowOperator(
                                Duration.ofMillis(window),
                                Duration.ofMillis(lateness),
                                QoeOptions.DEFAULTS,
                                perWindow),
                        script);

        assertThat(stock.scores).hasSizeGreaterThan(100);
        assertThat(stock.late).isNotEmpty();
        assertThat(ours.scores).containsExactlyElementsOf(stock.scores);
        assertThat(ours.late).containsExactlyElementsOf(stock.late);
        if (lateness > 0) {
            assertThat(stock.scores).anyMatch(s -> !s.contains("\"revision\": 0"));
        }
    }

    @Test
    void emitsWhatTheStockWindowOperatorEmittedOnRocksDb() throws Exception {
        List<Object> script = script(5, 5000);
        Run stock = run(stockOperator(5000, 5000), script, false);
        Run ours =
                run(
                        new NodeWindowOperator(
                                Duration.ofMillis(5000),
                                Duration.ofMillis(5000),
                                QoeOptions.DEFAULTS,
                                true),
                        script,
                        true);
        assertThat(ours.scores).hasSizeGreaterThan(100).containsExactlyElementsOf(stock.scores);
        assertThat(ours.late).containsExactlyElementsOf(stock.late);
    }

    @ParameterizedTest(name = "window {0} ms, lateness {1} ms, seed {2}, state per window {3}")
    @CsvSource({"5000,5000,6,false", "5000,12000,7,true"})
    void scoresTheSameAfterTheShuffleSerializerAsAfterAnAvroShuffle(
            long window, long lateness, long seed, boolean perWindow) throws Exception {
        List<Object> script = script(seed, window);
        var avro = new org.apache.flink.formats.avro.typeutils.AvroSerializer<>(Telemetry.class);
        Run viaAvro = run(windows(window, lateness, perWindow), shuffled(script, avro));
        Run viaOurs =
                run(
                        windows(window, lateness, perWindow),
                        shuffled(script, TelemetrySerializer.INSTANCE));
        assertThat(viaAvro.scores).hasSizeGreaterThan(100);
        assertThat(viaAvro.late).isNotEmpty();
        assertThat(viaOurs.scores).containsExactlyElementsOf(viaAvro.scores);
        assertThat(viaOurs.late).containsExactlyElementsOf(viaAvro.late);
    }

    private static NodeWindowOperator windows(long window, long lateness, boolean perWindow) {
        return new NodeWindowOperator(
                Duration.ofMillis(window),
                Duration.ofMillis(lateness),
                QoeOptions.DEFAULTS,
                perWindow);
    }

    /** The script with every event through {@code serializer}'s bytes, as across the keyBy. */
    private static List<Object> shuffled(
            List<Object> script,
            org.apache.flink.api.common.typeutils.TypeSerializer<Telemetry> serializer)
            throws java.io.IOException {
        var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
        List<Object> copy = new ArrayList<>();
        for (Object step : script) {
            if (step instanceof Telemetry t) {
                out.clear();
                serializer.serialize(t, out);
                copy.add(
                        serializer.deserialize(
                                new org.apache.flink.core.memory.DataInputDeserializer(
                                        out.getCopyOfBuffer())));
            } else {
                copy.add(step);
            }
        }
        return copy;
    }

    /** Telemetry of 30 nodes over 2 minutes, with watermarks as a 2 s bounded-delay source. */
    private static List<Object> script(long seed, long window) {
        Random r = new Random(seed);
        List<Object> script = new ArrayList<>();
        long maxSeen = T0;
        for (int i = 0; i < 6000; i++) {
            long clock = T0 + i * 20L;
            long ts = clock - r.nextInt(2000); // out of order within the bound
            if (r.nextInt(50) == 0) {
                ts = clock - 2000 - r.nextInt((int) (3 * window)); // late, some beyond lateness
            }
            ts -= Math.floorMod(ts, 250); // so watermarks hit window and cleanup times exactly
            String node = "n" + r.nextInt(30);
            script.add(r.nextInt(4) == 0 ? sample(node, ts, r) : request(node, ts, r));
            maxSeen = Math.max(maxSeen, ts);
            if (i % 25 == 0) {
                script.add(maxSeen - 2000 - 1); // a watermark
            }
            if (i % 1500 == 1499) {
                script.add(Checkpoint.INSTANCE);
            }
        }
        script.add(Long.MAX_VALUE);
        return script;
    }

    private enum Checkpoint {
        INSTANCE
    }

    private record Run(List<String> scores, List<String> late) {}

    private static Run run(OneInputStreamOperator<Telemetry, QoeScore> op, List<Object> script)
            throws Exception {
        return run(op, script, false);
    }

    private static Run run(
            OneInputStreamOperator<Telemetry, QoeScore> op, List<Object> script, boolean rocksDb)
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, Telemetry::getNodeId, Types.STRING);
        if (rocksDb) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        harness.open();
        long checkpoint = 0;
        for (Object step : script) {
            if (step instanceof Telemetry t) {
                harness.processElement(new StreamRecord<>(t, t.getEventTime().toEpochMilli()));
            } else if (step instanceof Long wm) {
                harness.processWatermark(wm);
            } else {
                harness.snapshot(++checkpoint, checkpoint);
            }
        }
        List<String> scores = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> rec) {
                scores.add(rec.getTimestamp() + " " + rec.getValue());
            }
        }
        List<String> late = new ArrayList<>();
        var side = harness.getSideOutput(QoeScoringJob.LATE);
        if (side != null) {
            side.forEach(rec -> late.add(rec.getTimestamp() + " " + rec.getValue()));
        }
        if (!rocksDb) { // the harness counts entries of heap backends only
            assertThat(harness.numKeyedStateEntries())
                    .as("state left after the last window")
                    .isZero();
        }
        harness.close();
        // timers of different nodes due at one watermark fire in no defined order
        scores.sort(null);
        late.sort(null);
        return new Run(scores, late);
    }

    @SuppressWarnings("unchecked")
    private static OneInputStreamOperator<Telemetry, QoeScore> stockOperator(
            long window, long lateness) {
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        var scores =
                env.fromData(
                                List.of(request("n0", T0, new Random(0))),
                                TypeInformation.of(Telemetry.class))
                        .keyBy(Telemetry::getNodeId)
                        .window(TumblingEventTimeWindows.of(Duration.ofMillis(window)))
                        .allowedLateness(Duration.ofMillis(lateness))
                        .sideOutputLateData(QoeScoringJob.LATE)
                        .aggregate(
                                new WindowStatsAggregate(), new ScoreWindow(QoeOptions.DEFAULTS));
        var transform = (OneInputTransformation<Telemetry, QoeScore>) scores.getTransformation();
        return (OneInputStreamOperator<Telemetry, QoeScore>)
                ((SimpleOperatorFactory<QoeScore>) transform.getOperatorFactory()).getOperator();
    }

    private static Telemetry.Builder base(String node, long ts) {
        int n = Integer.parseInt(node.substring(1));
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(n % 3 == 0 ? Tier.CLOUD : Tier.EDGE)
                .setRegion(n % 2 == 0 ? "eu-west" : "us-east")
                .setDeviceClass("gpu-a100")
                .setModelVariant("large-fp16")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(ts))
                .setAppliedControlVersion(n % 5);
    }

    private static Telemetry request(String node, long ts, Random r) {
        double e2e = 50 + r.nextInt(900);
        String id = r.nextInt(10) == 0 ? "req-" + r.nextInt(20) : null; // some replays
        return base(node, ts)
                .setPayload(new RequestFact(e2e / 3, e2e, r.nextInt(8) != 0, r.nextBoolean(), id))
                .build();
    }

    private static Telemetry sample(String node, long ts, Random r) {
        return base(node, ts)
                .setPayload(
                        new NodeSample(
                                1000.0 + r.nextInt(2000),
                                3000.0,
                                40.0 + r.nextInt(40),
                                2500.0,
                                30.0 + r.nextInt(30),
                                45.0,
                                r.nextInt(3),
                                r.nextInt(10),
                                512.0))
                .build();
    }
}
