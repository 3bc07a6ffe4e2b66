package org.qoeflow.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.qoeflow.qoe.DeadLetterReason;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * Hostile telemetry records, generated: each case is what a broken or malicious writer can put on
 * the telemetry topic, with the dead-letter reason the job must give it.
 */
final class BadTelemetryCorpus {
    /** One bad record: its key and value bytes and the reason expected in the DLQ. */
    record Case(String name, byte[] key, byte[] value, DeadLetterReason reason) {}

    static final String NODE = "corpus-node";

    private BadTelemetryCorpus() {}

    static Telemetry good(String node, long time, Object payload) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(Tier.CLOUD)
                .setRegion("eu-west")
                .setDeviceClass("gpu-a100")
                .setModelVariant("large-fp16")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(2)
                .setPayload(payload)
                .build();
    }

    static byte[] key(String node) {
        return node.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encode(Telemetry t) {
        return Topics.TELEMETRY.codec().encode(t);
    }

    /**
     * Every case, for events at {@code time} read by a job whose clock is {@code now}; {@code
     * bigBytes} is the size of the oversized garbage value (over 1 MiB against a real broker).
     */
    static List<Case> cases(long time, long now, int bigBytes) {
        List<Case> c = new ArrayList<>();
        byte[] k = key(NODE);
        byte[] good = encode(good(NODE, time, new RequestFact(10.0, 20.0, true, false, null)));
        byte[] header = Arrays.copyOf(good, 10);

        c.add(new Case("empty value", k, new byte[0], DeadLetterReason.DECODE));
        c.add(new Case("null value (tombstone)", k, null, DeadLetterReason.DECODE));
        c.add(new Case("text", k, "definitely not avro".getBytes(), DeadLetterReason.DECODE));
        c.add(new Case("header only", k, header, DeadLetterReason.DECODE));
        c.add(
                new Case(
                        "18 bytes, string length 2^31-1",
                        k,
                        with(header, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 'a', 'b', 'c'),
                        DeadLetterReason.DECODE));
        c.add(new Case("negative string length", k, with(header, 0x01), DeadLetterReason.DECODE));
        c.add(
                new Case(
                        "union index 9",
                        k,
                        with(header, 2, 'n', 0, 0, 0, 0, 0, 2, 0, 18),
                        DeadLetterReason.DECODE));
        c.add(
                new Case(
                        "truncated body",
                        k,
                        Arrays.copyOf(good, good.length - 3),
                        DeadLetterReason.DECODE));
        c.add(
                new Case(
                        "trailing bytes",
                        k,
                        Arrays.copyOf(good, good.length + 7),
                        DeadLetterReason.DECODE));
        c.add(new Case("another record type", k, deadLetterBytes(), DeadLetterReason.DECODE));
        Random rnd = new Random(9);
        byte[] random = with(header);
        random = Arrays.copyOf(random, 200);
        for (int i = 10; i < random.length; i++) {
            random[i] = (byte) rnd.nextInt();
        }
        c.add(new Case("random body after a valid header", k, random, DeadLetterReason.DECODE));
        byte[] big = new byte[bigBytes];
        rnd.nextBytes(big);
        c.add(new Case("garbage of " + bigBytes + " bytes", k, big, DeadLetterReason.OVERSIZED));

        c.add(
                invalid(
                        "latency 1e300 ms",
                        time,
                        t -> t.setPayload(new RequestFact(1.0, 1e300, true, false, null))));
        c.add(
                invalid(
                        "latency NaN",
                        time,
                        t -> t.setPayload(new RequestFact(Double.NaN, 2.0, true, false, null))));
        c.add(
                invalid(
                        "negative latency",
                        time,
                        t -> t.setPayload(new RequestFact(1.0, -5.0, true, false, null))));
        c.add(
                invalid(
                        "queue depth 2^31-1",
                        time,
                        t -> t.setPayload(sample(Integer.MAX_VALUE, 0.0))));
        c.add(invalid("fps 1e9", time, t -> t.setPayload(sample(1, 1e9))));
        c.add(invalid("device class with /", time, t -> t.setDeviceClass("gpu/../a100")));
        c.add(invalid("region with a newline", time, t -> t.setRegion("eu\nwest")));
        c.add(invalid("empty model variant", time, t -> t.setModelVariant("")));
        c.add(
                invalid(
                        "request id with spaces",
                        time,
                        t -> t.setPayload(new RequestFact(1.0, 2.0, true, false, "a b"))));
        c.add(invalid("event time 1970", time, t -> t.setEventTime(Instant.ofEpochMilli(5))));
        c.add(
                invalid(
                        "control version Long.MAX_VALUE",
                        time,
                        t -> t.setAppliedControlVersion(Long.MAX_VALUE)));

        c.add(
                new Case(
                        "key of another node",
                        key("other-node"),
                        good,
                        DeadLetterReason.KEY_MISMATCH));
        c.add(new Case("no key", null, good, DeadLetterReason.KEY_MISMATCH));

        c.add(future("event time in 2100", 4_102_444_800_000L));
        c.add(future("event time 6 minutes ahead", now + 360_000));
        return c;
    }

    private static Case invalid(String name, long time, Consumer<Telemetry> spoil) {
        Telemetry t = good(NODE, time, new RequestFact(10.0, 20.0, true, false, null));
        spoil.accept(t);
        return new Case(name, key(NODE), encode(t), DeadLetterReason.INVALID);
    }

    private static Case future(String name, long time) {
        Telemetry t = good(NODE, time, new RequestFact(10.0, 20.0, true, false, null));
        return new Case(name, key(NODE), encode(t), DeadLetterReason.FUTURE_EVENT_TIME);
    }

    static NodeSample sample(int queueDepth, double fps) {
        return new NodeSample(2400.0, 300000.0, 55.0, 10000.0, 5.0, fps, 0, queueDepth, 40000.0);
    }

    private static byte[] with(byte[] header, int... body) {
        byte[] out = Arrays.copyOf(header, header.length + body.length);
        for (int i = 0; i < body.length; i++) {
            out[header.length + i] = (byte) body[i];
        }
        return out;
    }

    private static byte[] deadLetterBytes() {
        return Topics.DLQ
                .codec()
                .encode(
                        DeadLetter.newBuilder()
                                .setSourceTopic("t")
                                .setSourcePartition(0)
                                .setSourceOffset(1)
                                .setErrorClass("X")
                                .setErrorMessage("m")
                                .setFailedAt(Instant.EPOCH)
                                .build());
    }
}
