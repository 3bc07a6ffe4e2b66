package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/**
 * Fuzzes the decoder and validator behind the job's source ({@link TelemetryGate#admit}): no
 * exception escapes, every input gets a known reason, no input takes long, and no input makes the
 * gate allocate more than a bound proportional to its size.
 *
 * <p>The normal build runs the Jazzer test in regression mode (its seed inputs) and {@link
 * #mutatedRecordsNeverEscapeTheGate} (a few seconds of seeded mutations); {@code mvn -Pfuzz} runs
 * Jazzer's coverage-guided fuzzing.
 */
class TelemetryGateFuzzTest {
    static final long NOW = 1_700_000_100_000L;
    static final TelemetryGate GATE =
            new TelemetryGate(
                    TelemetryGate.DEFAULT_MAX_RECORD_BYTES,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2));
    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Generous: a decoded record is a few objects per byte at most; hostile lengths are not. */
    static long allocationBound(int inputBytes) {
        return 256 * 1024 + 64L * inputBytes;
    }

    static final byte[][] SEEDS = seeds();

    static {
        // Class loading and Avro's per-thread decoder setup allocate once: not per input.
        for (byte[] seed : SEEDS) {
            GATE.admit("edge-000018".getBytes(), seed, NOW);
            GATE.admit("edge-000018".getBytes(), Arrays.copyOf(seed, 12), NOW);
            GATE.admit(null, "junk".getBytes(), NOW);
        }
    }

    static byte[][] seeds() {
        Telemetry request =
                Telemetry.newBuilder()
                        .setNodeId("edge-000018")
                        .setTier(org.qoeflow.schema.Tier.EDGE)
                        .setRegion("eu-west")
                        .setDeviceClass("phone-high")
                        .setModelVariant("tiny-int4")
                        .setModelVersion("1.0.0")
                        .setEventTime(java.time.Instant.ofEpochMilli(NOW - 1000))
                        .setAppliedControlVersion(7)
                        .setPayload(new RequestFact(40.0, 81.5, true, false, "req-1"))
                        .build();
        Telemetry sample =
                Telemetry.newBuilder(request)
                        .setPayload(
                                new NodeSample(
                                        2000.0, 3000.0, 40.0, 2500.0, 30.0, 45.0, 1, 2, 512.0))
                        .build();
        return new byte[][] {
            Topics.TELEMETRY.codec().encode(request), Topics.TELEMETRY.codec().encode(sample)
        };
    }

    /** Admits one input and checks every promise the gate makes about it. */
    static void check(byte[] key, byte[] value) {
        long start = System.nanoTime();
        long[] allocated = {0};
        TelemetryGate.Verdict v = measured(key, value, allocated);
        long took = System.nanoTime() - start;
        int size = value == null ? 0 : value.length;
        if (allocated[0] >= allocationBound(size)) {
            // The first input down a new path loads classes (date formatting, say): once.
            measured(key, value, allocated);
        }

        assertThat(v).isNotNull();
        assertThat(v.reason())
                .as("reason for %s", v.message())
                .isNotEqualTo(DeadLetterReason.UNEXPECTED);
        assertThat(v.accepted()).isEqualTo(v.reason() == null);
        if (v.accepted()) {
            assertThat(TelemetryValidator.problem(v.telemetry())).isEmpty();
            assertThat(v.timestamp()).isLessThanOrEqualTo(NOW + 2000);
        } else {
            assertThat(v.message()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
        }
        assertThat(allocated[0])
                .as("bytes allocated for a %d-byte input", size)
                .isLessThan(allocationBound(size));
        assertThat(took)
                .as("nanoseconds for one input")
                .isLessThan(Duration.ofSeconds(1).toNanos());
    }

    private static TelemetryGate.Verdict measured(byte[] key, byte[] value, long[] allocated) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        TelemetryGate.Verdict v = GATE.admit(key, value, NOW);
        allocated[0] = THREADS.getThreadAllocatedBytes(thread) - before;
        return v;
    }

    /** Coverage-guided with {@code -Pfuzz}; the seed inputs (and an empty one) otherwise. */
    @FuzzTest(maxDuration = "10m")
    void admitNeverThrowsNorAllocatesBeyondABound(byte[] input) {
        if (input.length == 0) {
            check(null, input);
            return;
        }
        // First byte: 0 = raw value; otherwise splice the rest after a valid record's header,
        // so the fuzzer reaches the body without guessing the fingerprint.
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        byte[] value = rest;
        if (input[0] != 0) {
            byte[] seed = SEEDS[(input[0] & 0xff) % SEEDS.length];
            value = Arrays.copyOf(seed, 10 + rest.length);
            System.arraycopy(rest, 0, value, 10, rest.length);
        }
        check("edge-000018".getBytes(), value);
    }

    @Test
    void mutatedRecordsNeverEscapeTheGate() {
        Random rnd = new Random(20_240_909L);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int runs = 0;
        int accepted = 0;
        while (System.nanoTime() < deadline) {
            byte[] v = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);
            check("edge-000018".getBytes(), v);
            accepted += GATE.admit("edge-000018".getBytes(), v, NOW).accepted() ? 1 : 0;
            runs++;
        }
        System.out.printf(
                "gate mutation fuzz: %d inputs, %d accepted, none escaped%n", runs, accepted);
        assertThat(runs).isGreaterThan(1_000);
    }

    /** Byte flips, varint-sized overwrites, insertions, deletions and truncations. */
    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 10; e++) {
            int at = 10 + rnd.nextInt(b.length - 10);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] = (byte) rnd.nextInt();
                case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> {
                    byte[] big = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
                    for (int i = 0; i < big.length && at + i < b.length; i++) {
                        b[at + i] = big[i];
                    }
                }
                case 3 -> {
                    byte[] longer = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(8));
                    System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
                    b = longer;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
