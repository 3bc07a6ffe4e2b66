package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast path of the telemetry codec against Avro's own reader: on every record it reads it
 * builds what Avro builds, and on every input it gives up on, the codec's answer (record or error
 * message) is the one Avro's path gives.
 */
class TelemetryBodyReaderTest {
    static final AvroCodec<Telemetry> FAST = Topics.TELEMETRY.codec();

    static final AvroCodec<Telemetry> AVRO =
            AvroCodec.of(
                    Telemetry.class,
                    Telemetry.getClassSchema(),
                    SchemaHistory.load("telemetry-v1.avsc"));

    static final String[] ALPHABET = {
        "a", "Z", "0", "-", ".", ":", "_", "é", "ß", "中", "😀", " ", "\u0000", "+", "/"
    };

    static String text(SplittableRandom rnd, int maxLen) {
        int len = rnd.nextInt(maxLen + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    static double number(SplittableRandom rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> -Double.MAX_VALUE;
            case 4 -> Double.MIN_VALUE;
            default -> rnd.nextDouble(-1e6, 1e6);
        };
    }

    static long anyLong(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            default -> rnd.nextLong();
        };
    }

    static int anyInt(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> -1;
            default -> rnd.nextInt();
        };
    }

    static Telemetry random(SplittableRandom rnd) {
        Object payload =
                rnd.nextBoolean()
                        ? new RequestFact(
                                number(rnd),
                                number(rnd),
                                rnd.nextBoolean(),
                                rnd.nextBoolean(),
                                rnd.nextBoolean() ? null : text(rnd, 40))
                        : new NodeSample(
                                number(rnd),
                                number(rnd),
                                number(rnd),
                                number(rnd),
                                number(rnd),
                                number(rnd),
                                anyInt(rnd),
                                anyInt(rnd),
                                number(rnd));
        return new Telemetry(
                text(rnd, 30),
                rnd.nextBoolean() ? Tier.EDGE : Tier.CLOUD,
                // few distinct values, as a fleet has, and now and then a long one past the cache
                rnd.nextInt(10) == 0 ? text(rnd, 80) : "region-" + rnd.nextInt(5),
                rnd.nextInt(10) == 0 ? text(rnd, 8) : "class-" + rnd.nextInt(7),
                "variant-" + rnd.nextInt(3),
                rnd.nextBoolean() ? "" : "1." + rnd.nextInt(4) + ".0",
                Instant.ofEpochMilli(anyLong(rnd)),
                anyLong(rnd),
                payload);
    }

    @Test
    void readsEveryRecordOfTodaysSchemaAsAvroDoes() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 20_000; k++) {
            Telemetry t = random(rnd);
            byte[] bytes = FAST.encode(t);
            Telemetry fast = TelemetryBodyReader.INSTANCE.read(bytes, AvroCodec.HEADER_SIZE);
            assertThat(fast).as("fast path read record %d: %s", k, t).isNotNull();
            assertThat(same(fast, AVRO.decode(bytes))).as("record %d: %s", k, t).isTrue();
            assertThat(same(FAST.decode(bytes), t)).isTrue();
        }
    }

    @Test
    void manyDistinctStringsSharingCacheSlotsStillReadBack() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 50_000; k++) {
            Telemetry t = random(rnd);
            t.setRegion("r" + k);
            t.setModelVersion("v" + (k % 3000));
            byte[] bytes = FAST.encode(t);
            assertThat(same(FAST.decode(bytes), t)).as("record %d: %s", k, t).isTrue();
        }
    }

    /**
     * Same record, NaNs included (Avro's {@code equals} has NaN unequal to itself): same encoding
     * and the same text.
     */
    static boolean same(Telemetry a, Telemetry b) {
        return Arrays.equals(FAST.encode(a), FAST.encode(b)) && a.toString().equals(b.toString());
    }

    /** The codec's answer to {@code bytes}: the record read as its encoding, or the error. */
    static Object outcome(AvroCodec<Telemetry> codec, byte[] bytes) {
        try {
            Telemetry t = codec.decode(bytes);
            return Arrays.toString(FAST.encode(t)) + " " + t;
        } catch (DecodeException e) {
            return "error: " + e.getMessage();
        }
    }

    @Test
    void mutatedTruncatedAndExtendedBodiesGetAvrosAnswer() {
        SplittableRandom rnd = new SplittableRandom(23);
        int fastReadMutants = 0;
        int errors = 0;
        for (int k = 0; k < 20_000; k++) {
            byte[] good = FAST.encode(random(rnd));
            byte[] bad =
                    switch (rnd.nextInt(5)) {
                        case 0 ->
                                Arrays.copyOf(
                                        good,
                                        AvroCodec.HEADER_SIZE
                                                + rnd.nextInt(good.length - AvroCodec.HEADER_SIZE));
                        case 1 -> Arrays.copyOf(good, good.length + 1 + rnd.nextInt(4));
                        default -> {
                            byte[] m = good.clone();
                            int flips = 1 + rnd.nextInt(3);
                            for (int f = 0; f < flips; f++) {
                                int at =
                                        AvroCodec.HEADER_SIZE
                                                + rnd.nextInt(m.length - AvroCodec.HEADER_SIZE);
                                m[at] =
                                        (byte)
                                                switch (rnd.nextInt(4)) {
                                                    case 0 -> 0xFF;
                                                    case 1 -> 0x80;
                                                    case 2 -> rnd.nextInt(4);
                                                    default -> rnd.nextInt(256);
                                                };
                            }
                            yield m;
                        }
                    };
            Object avro = outcome(AVRO, bad);
            assertThat(outcome(FAST, bad))
                    .as("mutant %d %s", k, Arrays.toString(bad))
                    .isEqualTo(avro);
            if (avro.toString().startsWith("error: ")) {
                errors++;
            } else if (TelemetryBodyReader.INSTANCE.read(bad, AvroCodec.HEADER_SIZE) != null) {
                fastReadMutants++;
            }
        }
        // both kinds occur, so the comparison covered the fast path and the fallback
        assertThat(errors).isGreaterThan(1_000);
        assertThat(fastReadMutants).isGreaterThan(1_000);
    }

    @Test
    void nonMinimalVarintsAndTrailingBytesGetAvrosAnswer() throws Exception {
        byte[] good = FAST.encode(AvroCodecTest.request("n1"));
        byte[] overlong = new byte[good.length + 1];
        // node_id "n1" with its length 2 (zig-zag 4) written in two bytes: 0x84 0x00
        System.arraycopy(good, 0, overlong, 0, AvroCodec.HEADER_SIZE);
        overlong[AvroCodec.HEADER_SIZE] = (byte) 0x84;
        overlong[AvroCodec.HEADER_SIZE + 1] = 0;
        System.arraycopy(
                good,
                AvroCodec.HEADER_SIZE + 1,
                overlong,
                AvroCodec.HEADER_SIZE + 2,
                good.length - AvroCodec.HEADER_SIZE - 1);
        assertThat(outcome(FAST, overlong)).isEqualTo(outcome(AVRO, overlong));

        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThat(TelemetryBodyReader.INSTANCE.read(trailing, AvroCodec.HEADER_SIZE)).isNull();
        assertThat(outcome(FAST, trailing))
                .asString()
                .contains("1 trailing bytes after the Telemetry body");
    }
}
