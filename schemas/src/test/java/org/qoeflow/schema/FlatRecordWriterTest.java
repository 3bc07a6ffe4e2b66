package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The codec's flat-record writer against Avro's own encoder, for every topic whose schema is flat:
 * the same bytes for every generated record, and Avro's error where a record cannot be written.
 */
class FlatRecordWriterTest {
    static final String[] ALPHABET = {"a", "Z", "0", "-", "é", "中", "😀", "\u0000", " "};

    /** The topics' codecs, each once (two topics may share a record type). */
    static List<AvroCodec<SpecificRecord>> codecs() {
        List<AvroCodec<SpecificRecord>> out = new ArrayList<>();
        for (TopicDescriptor<?> t : Topics.all()) {
            @SuppressWarnings("unchecked")
            AvroCodec<SpecificRecord> c = (AvroCodec<SpecificRecord>) t.codec();
            if (c != null && out.stream().noneMatch(o -> o.type() == c.type())) {
                out.add(c);
            }
        }
        return out;
    }

    static Object value(Schema s, SplittableRandom rnd) {
        if (s.getType() == Schema.Type.UNION) {
            Schema value =
                    s.getTypes().get(s.getTypes().get(0).getType() == Schema.Type.NULL ? 1 : 0);
            return rnd.nextInt(3) == 0 ? null : value(value, rnd);
        }
        if (s.getLogicalType() != null) {
            long ms =
                    switch (rnd.nextInt(4)) {
                        case 0 -> Long.MIN_VALUE / 1000 + 1;
                        case 1 -> 0;
                        default -> rnd.nextLong(-1L << 45, 1L << 45);
                    };
            return Instant.ofEpochMilli(ms);
        }
        return switch (s.getType()) {
            case STRING -> {
                StringBuilder b = new StringBuilder();
                int n = rnd.nextInt(20);
                for (int i = 0; i < n; i++) {
                    b.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
                }
                yield b.toString();
            }
            case ENUM ->
                    SpecificData.get()
                            .createEnum(
                                    s.getEnumSymbols().get(rnd.nextInt(s.getEnumSymbols().size())),
                                    s);
            case INT ->
                    switch (rnd.nextInt(4)) {
                        case 0 -> Integer.MIN_VALUE;
                        case 1 -> Integer.MAX_VALUE;
                        default -> rnd.nextInt();
                    };
            case LONG ->
                    switch (rnd.nextInt(4)) {
                        case 0 -> Long.MIN_VALUE;
                        case 1 -> Long.MAX_VALUE;
                        default -> rnd.nextLong();
                    };
            case DOUBLE ->
                    switch (rnd.nextInt(6)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.longBitsToDouble(0x7ff8_0000_0000_0001L); // another NaN
                        case 2 -> -0.0;
                        case 3 -> Double.NEGATIVE_INFINITY;
                        default -> rnd.nextDouble(-1e9, 1e9);
                    };
            case BOOLEAN -> rnd.nextBoolean();
            default -> throw new IllegalStateException("not flat: " + s);
        };
    }

    static SpecificRecord random(AvroCodec<SpecificRecord> codec, SplittableRandom rnd) {
        SpecificRecord r =
                (SpecificRecord)
                        SpecificData.getForClass(codec.type()).newRecord(null, codec.schema());
        for (Schema.Field f : codec.schema().getFields()) {
            r.put(f.pos(), value(f.schema(), rnd));
        }
        return r;
    }

    @Test
    void everyFlatTopicRecordIsWrittenByteForByteAsAvroWritesIt() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<String> flat = new ArrayList<>();
        for (AvroCodec<SpecificRecord> codec : codecs()) {
            if (!codec.writesFlat()) {
                continue;
            }
            flat.add(codec.type().getSimpleName());
            for (int k = 0; k < 5_000; k++) {
                SpecificRecord r = random(codec, rnd);
                assertThat(codec.encode(r))
                        .as("%s record %d: %s", codec.type().getSimpleName(), k, r)
                        .isEqualTo(codec.encodeWithAvro(r));
            }
        }
        // the record the job writes per node and window takes the fast path
        assertThat(flat).contains("QoeScore");
    }

    @Test
    void aRecordTheWriterCannotWriteGetsAvrosError() {
        AvroCodec<QoeScore> codec = Topics.QOE_SCORES.codec();
        QoeScore s = (QoeScore) random(castCodec(codec), new SplittableRandom(1));
        s.setNodeId(null);
        assertThatThrownBy(() -> codec.encode(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot encode QoeScore");
        assertThatThrownBy(() -> codec.encodeWithAvro(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot encode QoeScore");
    }

    @SuppressWarnings("unchecked")
    static AvroCodec<SpecificRecord> castCodec(AvroCodec<?> c) {
        return (AvroCodec<SpecificRecord>) c;
    }
}
