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
import org.qoeflow.qoe.WindowCombiner;
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

    /** Windows close on the watermark only, as the stock operator's do. */
    private static final QoeOptions ON_WATERMARK =
            QoeOptions.DEFAULTS.withOverrides(java.util.Map.of("closeOnNodeProgress", "0"));

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
        Run ours = run(windows(window, lateness, perWindow), raw(script));

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
        Run stock = run(stockOperator(5000, 5000), events(script), Telemetry::getNodeId, false);
        Run ours = run(windows(5000, 5000, true), raw(script), WindowInput::nodeId, true);
        assertThat(ours.scores).hasSizeGreaterThan(100).containsExactlyElementsOf(stock.scores);
        assertThat(ours.late).containsExactlyElementsOf(stock.late);
        Run combined =
                run(
                        windows(5000, 5000, true),
                        combined(script, 5000, ON_WATERMARK),
                        WindowInput::nodeId,
                        true);
        assertThat(combined.scores).containsExactlyElementsOf(stock.scores);
        assertThat(combined.late).containsExactlyElementsOf(stock.late);
    }

    /**
     * Combining each node's events of a window before the shuffle ({@link WindowCombiner}, as
     * {@link CombineWindowsOperator} does: partials on failures and at the early rule's minimum
     * count, at the watermark that closes a window and before every checkpoint) changes nothing the
     * window operator emits, partial scores included, while it takes in far fewer records.
     */
    @ParameterizedTest(
            name =
                    "window {0} ms, lateness {1} ms, seed {2}, state per window {3}, early alpha"
                            + " {4} from {5} requests")
    @CsvSource({
        "5000,5000,11,false,0.001,10",
        "5000,0,12,true,0.001,3",
        "5000,12000,13,false,0,10",
        "2000,3000,14,true,0.05,2",
        "5000,5000,15,false,0.3,3",
        "5000,5000,16,true,0.3,3"
    })
    void combiningBeforeTheShuffleEmitsWhatEveryEventEmitted(
            long window, long lateness, long seed, boolean perWindow, double alpha, int min)
            throws Exception {
        QoeOptions options =
                QoeOptions.DEFAULTS.withOverrides(
                        java.util.Map.of(
                                "earlyScoreAlpha",
                                String.valueOf(alpha),
                                "earlyScoreMinRequests",
                                String.valueOf(min),
                                "closeOnNodeProgress",
                                "0"));
        List<Object> script = script(seed, window);
        var op =
                (java.util.function.Supplier<NodeWindowOperator>)
                        () ->
                                new NodeWindowOperator(
                                        Duration.ofMillis(window),
                                        Duration.ofMillis(lateness),
                                        options,
                                        perWindow);
        List<Object> combinedInputs = combined(script, window, options);
        Run every = run(op.get(), raw(script), WindowInput::nodeId, false);
        Run combined = run(op.get(), combinedInputs, WindowInput::nodeId, false);

        assertThat(every.scores).hasSizeGreaterThan(100);
        assertThat(combined.scores).containsExactlyElementsOf(every.scores);
        assertThat(combined.late).containsExactlyElementsOf(every.late);
        long events = script.stream().filter(Telemetry.class::isInstance).count();
        long inputs = combinedInputs.stream().filter(StreamRecord.class::isInstance).count();
        assertThat(inputs).as("records into the window operator").isLessThan(events / 2);
        if (alpha >= 0.3) {
            assertThat(every.scores).anyMatch(s -> s.contains("\"partial\": true"));
        }
    }

    /** {@code script} as the window operator gets it behind a {@link WindowCombiner}. */
    private static List<Object> combined(List<Object> script, long window, QoeOptions options) {
        WindowCombiner combiner = new WindowCombiner(window, options, Integer.MAX_VALUE);
        List<Object> out = new ArrayList<>();
        // each partial through the shuffle serializer's bytes, as across the keyBy
        java.util.function.Consumer<WindowCombiner.Partial> send =
                p -> out.add(new StreamRecord<>(viaBytes(WindowInput.of(p)), p.start()));
        for (Object step : script) {
            if (step instanceof Telemetry t) {
                long ts = t.getEventTime().toEpochMilli();
                if (!combiner.add(t, ts, send)) {
                    out.add(new StreamRecord<>(WindowInput.of(t), ts));
                }
            } else if (step instanceof Long wm) {
                combiner.advance(wm, send);
                out.add(wm);
            } else {
                combiner.flushAll(send);
                out.add(step);
            }
        }
        return out;
    }

    private static WindowInput viaBytes(WindowInput in) {
        try {
            var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
            WindowInputSerializer.INSTANCE.serialize(in, out);
            return WindowInputSerializer.INSTANCE.deserialize(
                    new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every event of {@code script} on its own, as the window operator's input. */
    private static List<Object> raw(List<Object> script) {
        return script.stream()
                .map(
                        step ->
                                step instanceof Telemetry t
                                        ? new StreamRecord<>(
                                                WindowInput.of(t), t.getEventTime().toEpochMilli())
                                        : step)
                .toList();
    }

    /** Every event of {@code script} as a stream record of its own time. */
    private static List<Object> events(List<Object> script) {
        return script.stream()
                .map(
                        step ->
                                step instanceof Telemetry t
                                        ? new StreamRecord<>(t, t.getEventTime().toEpochMilli())
                                        : step)
                .toList();
    }

    @ParameterizedTest(name = "window {0} ms, lateness {1} ms, seed {2}, state per window {3}")
    @CsvSource({"5000,5000,6,false", "5000,12000,7,true"})
    void scoresTheSameAfterTheShuffleSerializerAsAfterAnAvroShuffle(
            long window, long lateness, long seed, boolean perWindow) throws Exception {
        List<Object> script = script(seed, window);
        var avro = new org.apache.flink.formats.avro.typeutils.AvroSerializer<>(Telemetry.class);
        Run viaAvro = run(windows(window, lateness, perWindow), raw(shuffled(script, avro)));
        Run viaOurs =
                run(
                        windows(window, lateness, perWindow),
                        raw(shuffled(script, TelemetrySerializer.INSTANCE)));
        assertThat(viaAvro.scores).hasSizeGreaterThan(100);
        assertThat(viaAvro.late).isNotEmpty();
        assertThat(viaOurs.scores).containsExactlyElementsOf(viaAvro.scores);
        assertThat(viaOurs.late).containsExactlyElementsOf(viaAvro.late);
    }

    private static NodeWindowOperator windows(long window, long lateness, boolean perWindow) {
        return new NodeWindowOperator(
                Duration.ofMillis(window), Duration.ofMillis(lateness), ON_WATERMARK, perWindow);
    }

    /**
     * Closing a window on its node's next event ({@link QoeOptions#closeOnNodeProgress}, the
     * default) moves its first full score earlier; on telemetry whose nodes' own events are up to 2
     * s out of order the stragglers re-fire it, so each window's last score is the stock
     * operator's, late events go to the same side output, and no state is left.
     */
    @ParameterizedTest(name = "window {0} ms, lateness {1} ms, seed {2}, state per window {3}")
    @CsvSource({"5000,5000,21,false", "5000,0,22,true", "2000,3000,23,false", "5000,12000,24,true"})
    void closingOnTheNodesProgressEndsEachWindowWithTheStockOperatorsLastScore(
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
                        combined(script, window, QoeOptions.DEFAULTS));
        assertThat(stock.scores).hasSizeGreaterThan(100);
        assertThat(lastPerWindow(ours.scores)).isEqualTo(lastPerWindow(stock.scores));
        assertThat(ours.late).containsExactlyElementsOf(stock.late);
        assertThat(ours.scores.size())
                .as("stragglers of windows closed early re-fire them")
                .isGreaterThan(stock.scores.size());
    }

    private static final java.util.regex.Pattern NODE =
            java.util.regex.Pattern.compile("\"node_id\": \"([^\"]+)\"");
    private static final java.util.regex.Pattern REVISION =
            java.util.regex.Pattern.compile("\"revision\": (\\d+)");

    /** Per window time and node, its highest revision's score without revision and partial. */
    private static java.util.Map<String, String> lastPerWindow(List<String> scores) {
        java.util.Map<String, String> last = new java.util.TreeMap<>();
        java.util.Map<String, Integer> revision = new java.util.HashMap<>();
        for (String s : scores) {
            var node = NODE.matcher(s);
            var rev = REVISION.matcher(s);
            assertThat(node.find() && rev.find()).as(s).isTrue();
            String key = s.substring(0, s.indexOf(' ')) + " " + node.group(1);
            int r = Integer.parseInt(rev.group(1));
            if (revision.getOrDefault(key, -1) < r) {
                revision.put(key, r);
                last.put(
                        key,
                        s.replaceAll("\"revision\": \\d+", "")
                                .replaceAll("\"partial\": (true|false)", ""));
            }
        }
        return last;
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
        return run(op, events(script), Telemetry::getNodeId, false);
    }

    private static Run run(NodeWindowOperator op, List<Object> inputs) throws Exception {
        return run(op, inputs, WindowInput::nodeId, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> Run run(
            OneInputStreamOperator<T, QoeScore> op,
            List<Object> script,
            org.apache.flink.api.java.functions.KeySelector<T, String> key,
            boolean rocksDb)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(op, key, Types.STRING);
        if (rocksDb) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        harness.open();
        long checkpoint = 0;
        for (Object step : script) {
            if (step instanceof StreamRecord<?> rec) {
                harness.processElement((StreamRecord<T>) rec);
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
