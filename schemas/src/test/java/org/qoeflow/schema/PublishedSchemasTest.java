package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an outside consumer does with plain Avro and nothing of ours: parse one published file,
 * check the fingerprint, decode the body.
 */
class PublishedSchemasTest {
    /** The repository's copy, relative to this module. */
    static final Path PUBLISHED = Path.of("published");

    static final Path TOPICS_DOC = Path.of("../docs/topics.md");

    static Stream<TopicDescriptor<?>> topicsWithRecords() {
        return Topics.all().stream().filter(TopicDescriptor::carriesRecords);
    }

    @Test
    void repositoryCopyIsWhatTheCodecsWrite() throws IOException {
        try (Stream<Path> files = Files.list(PUBLISHED)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as(
                            "files in schemas/published (regenerate: ./qoeflow schemas --out schemas/published)")
                    .containsExactlyInAnyOrderElementsOf(PublishedSchemas.files().keySet());
        }
        PublishedSchemas.files()
                .forEach(
                        (name, json) ->
                                assertThat(PUBLISHED.resolve(name))
                                        .as(
                                                "%s (regenerate: ./qoeflow schemas --out schemas/published)",
                                                name)
                                        .hasContent(json));
    }

    @ParameterizedTest
    @MethodSource("topicsWithRecords")
    void decodesWithPlainAvroFromThePublishedFileAlone(TopicDescriptor<?> topic) throws Exception {
        Schema published = parsePublished(topic);
        byte[] wire = encodeSample(topic);

        byte[] body = Arrays.copyOfRange(wire, 10, wire.length);
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(body, null);
        GenericRecord read = new GenericDatumReader<GenericRecord>(published).read(null, in);

        assertThat(in.isEnd()).as("the whole body was read").isTrue();
        assertThat(published.getFullName()).isEqualTo(topic.codec().schema().getFullName());
        // What plain Avro read, written back under the same header, is the record we wrote.
        byte[] rewritten = concat(Arrays.copyOfRange(wire, 0, 10), reencode(published, read));
        assertThat((Object) topic.codec().decode(rewritten)).isEqualTo(TestingRecords.of(topic));
        assertThat(read.get(0).toString()).isEqualTo(TestingRecords.of(topic).get(0).toString());
    }

    @ParameterizedTest
    @MethodSource("topicsWithRecords")
    void wireFingerprintIsCrc64AvroOfThePublishedCanonicalForm(TopicDescriptor<?> topic)
            throws IOException {
        Schema published = parsePublished(topic);
        byte[] wire = encodeSample(topic);

        byte[] canonical =
                SchemaNormalization.toParsingForm(published).getBytes(StandardCharsets.UTF_8);
        long crc = crc64Avro(canonical);
        byte[] expected =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc).array();

        assertThat(Arrays.copyOfRange(wire, 0, 2)).containsExactly(0xC3, 0x01);
        assertThat(Arrays.copyOfRange(wire, 2, 10)).containsExactly(expected);
        assertThat(crc).isEqualTo(SchemaNormalization.parsingFingerprint64(published));
        assertThat(PublishedSchemas.wireFingerprintHex(published))
                .isEqualTo(java.util.HexFormat.of().formatHex(expected));
    }

    /** The snippet in docs/topics.md, and Avro's own single-object decoder, on the same bytes. */
    @ParameterizedTest
    @MethodSource("topicsWithRecords")
    void documentedJavaSnippetDecodesWhatBinaryMessageDecoderDecodes(TopicDescriptor<?> topic)
            throws IOException {
        Schema schema = parsePublished(topic);
        byte[] value = encodeSample(topic);

        byte[] expected =
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(SchemaNormalization.parsingFingerprint64(schema))
                        .array();
        assertThat(Arrays.copyOfRange(value, 2, 10)).isEqualTo(expected);
        GenericRecord r =
                new GenericDatumReader<GenericRecord>(schema)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(value, 10, value.length - 10, null));
        GenericRecord viaAvro =
                new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema).decode(value);

        assertThat(r).isEqualTo(viaAvro);
    }

    @Test
    void olderControlSchemaStillOnTheCompactedTopicIsSelfContainedAndDocumented()
            throws IOException {
        Path file = Path.of("src/main/resources/org/qoeflow/schema/history/control_update-v1.avsc");
        Schema v1 = new Schema.Parser().parse(file.toFile());

        assertThat(Files.readString(TOPICS_DOC))
                .contains(file.toString())
                .contains(PublishedSchemas.wireFingerprintHex(v1));
        assertThat(v1).isEqualTo(SchemaHistory.load("control_update-v1.avsc"));
    }

    @Test
    void crc64AvroMatchesTheSpecificationsTestVector() {
        // From Avro's share/test/data/schema-tests.txt: the canonical form "null".
        assertThat(crc64Avro("\"null\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(7195948357588979594L);
    }

    @Test
    void topicsDocListsEveryTopicAndEveryFingerprint() throws IOException {
        String doc = Files.readString(TOPICS_DOC);
        for (TopicDescriptor<?> t : Topics.all()) {
            assertThat(doc).as("docs/topics.md").contains("`" + t.name() + "`");
            if (t.carriesRecords()) {
                assertThat(doc)
                        .as("docs/topics.md: fingerprint of %s", t.name())
                        .contains(PublishedSchemas.wireFingerprintHex(t.codec().schema()));
            }
        }
    }

    @Test
    void leaderTopicHasNoValueSchemaAndIsNotPublished() {
        assertThat(Topics.CONTROLLER_LEADER.carriesRecords()).isFalse();
        assertThat(Topics.CONTROLLER_LEADER.isForeign()).isFalse();
        assertThat(PublishedSchemas.files())
                .doesNotContainKey(PublishedSchemas.fileName(Topics.CONTROLLER_LEADER))
                .hasSize(Topics.all().size() - 2);
    }

    @Test
    void otlpTopicIsForeignNotPublishedAndDocumentedWithItsFormat() throws IOException {
        assertThat(Topics.OTLP_METRICS.carriesRecords()).isFalse();
        assertThat(Topics.OTLP_METRICS.isForeign()).isTrue();
        assertThat(PublishedSchemas.files())
                .doesNotContainKey(PublishedSchemas.fileName(Topics.OTLP_METRICS));
        assertThat(Files.readString(TOPICS_DOC)).contains("otlp_proto");
    }

    @Test
    void aForeignTopicMustNameItsFormat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                TopicDescriptor.foreign(
                                        "x.v1", "none", " ", TopicDescriptor.CleanupPolicy.DELETE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.v1");
    }

    @Test
    void scoresWrittenBeforeKvCacheAndRunningRequestsStillDecode() throws Exception {
        Path file = Path.of("src/main/resources/org/qoeflow/schema/history/qoe_score-v1.avsc");
        Schema v1 = new Schema.Parser().parse(file.toFile());
        QoeScore now = TestingRecords.of(Topics.QOE_SCORES);
        byte[] current = Topics.QOE_SCORES.codec().encode(now);
        // What an older job wrote: today's record as the v1 schema sees it (new fields dropped).
        GenericRecord old =
                new GenericDatumReader<GenericRecord>(QoeScore.getClassSchema(), v1)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(current, 10, current.length - 10, null));
        byte[] wire =
                concat(
                        concat(
                                new byte[] {(byte) 0xC3, 0x01},
                                ByteBuffer.allocate(8)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putLong(SchemaNormalization.parsingFingerprint64(v1))
                                        .array()),
                        reencode(v1, old));

        QoeScore read = Topics.QOE_SCORES.codec().decode(wire);

        assertThat(read.getKvCacheUtilization()).isNull();
        assertThat(read.getRunningRequests()).isNull();
        assertThat(read.getQoeIndex()).isEqualTo(now.getQoeIndex());
        assertThat(Files.readString(TOPICS_DOC))
                .contains(file.toString())
                .contains(PublishedSchemas.wireFingerprintHex(v1));
    }

    @Test
    void scoresWrittenBeforePartialScoresDecodeAsFullScores() throws Exception {
        Path file = Path.of("src/main/resources/org/qoeflow/schema/history/qoe_score-v2.avsc");
        Schema v2 = new Schema.Parser().parse(file.toFile());
        QoeScore now = TestingRecords.of(Topics.QOE_SCORES);
        now.setPartial(true);
        byte[] current = Topics.QOE_SCORES.codec().encode(now);
        GenericRecord old =
                new GenericDatumReader<GenericRecord>(QoeScore.getClassSchema(), v2)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(current, 10, current.length - 10, null));
        byte[] wire =
                concat(
                        concat(
                                new byte[] {(byte) 0xC3, 0x01},
                                ByteBuffer.allocate(8)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putLong(SchemaNormalization.parsingFingerprint64(v2))
                                        .array()),
                        reencode(v2, old));

        QoeScore read = Topics.QOE_SCORES.codec().decode(wire);

        assertThat(read.getPartial()).isFalse();
        assertThat(read.getRevision()).isEqualTo(now.getRevision());
        assertThat(read.getKvCacheUtilization()).isEqualTo(now.getKvCacheUtilization());
        assertThat(Topics.QOE_SCORES.codec().decode(current).getPartial()).isTrue();
        assertThat(Files.readString(TOPICS_DOC))
                .contains(file.toString())
                .contains(PublishedSchemas.wireFingerprintHex(v2));
    }

    @Test
    void cohortVerdictsWrittenBeforeTheKindFieldDecodeAsVariantVerdicts() throws Exception {
        Path file = Path.of("src/main/resources/org/qoeflow/schema/history/cohort_verdict-v1.avsc");
        Schema v1 = new Schema.Parser().parse(file.toFile());
        CohortVerdict now = TestingRecords.of(Topics.COHORT_VERDICTS);
        now.setKind(CohortVerdictKind.GROUP_SHIFT);
        byte[] current = Topics.COHORT_VERDICTS.codec().encode(now);
        GenericRecord old =
                new GenericDatumReader<GenericRecord>(CohortVerdict.getClassSchema(), v1)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(current, 10, current.length - 10, null));
        byte[] wire =
                concat(
                        concat(
                                new byte[] {(byte) 0xC3, 0x01},
                                ByteBuffer.allocate(8)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putLong(SchemaNormalization.parsingFingerprint64(v1))
                                        .array()),
                        reencode(v1, old));

        CohortVerdict read = Topics.COHORT_VERDICTS.codec().decode(wire);

        assertThat(read.getKind()).isEqualTo(CohortVerdictKind.VARIANT);
        assertThat(read.getModelVariant()).isEqualTo(now.getModelVariant());
        assertThat(read.getVerdict()).isEqualTo(now.getVerdict());
        assertThat(Files.readString(TOPICS_DOC))
                .contains(file.toString())
                .contains(PublishedSchemas.wireFingerprintHex(v1));
    }

    @Test
    void publishedJsonHasNoJavaOnlyProperties() {
        PublishedSchemas.files()
                .values()
                .forEach(json -> assertThat(json).doesNotContain("avro.java"));
    }

    private static Schema parsePublished(TopicDescriptor<?> topic) throws IOException {
        return new Schema.Parser()
                .parse(PUBLISHED.resolve(PublishedSchemas.fileName(topic)).toFile());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] encodeSample(TopicDescriptor<?> topic) {
        TopicDescriptor t = topic;
        return t.codec().encode(TestingRecords.of(t));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] reencode(Schema schema, GenericRecord r) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    /** CRC-64-AVRO as the Avro specification defines it ("Schema Fingerprints"). */
    static long crc64Avro(byte[] data) {
        long fp = 0xc15d213aa4d7a795L;
        for (byte b : data) {
            fp = (fp >>> 8) ^ TABLE[(int) (fp ^ b) & 0xff];
        }
        return fp;
    }

    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long fp = i;
            for (int j = 0; j < 8; j++) {
                fp = (fp >>> 1) ^ (0xc15d213aa4d7a795L & -(fp & 1L));
            }
            TABLE[i] = fp;
        }
    }
}
