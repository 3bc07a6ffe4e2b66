package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {
    @Test
    void roundTripsAndReportsBadRecordsWithoutLosingGoodOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.bin");
        try (RecordFile.Writer w = new RecordFile.Writer(f)) {
            w.write(Topics.TELEMETRY.codec().encode(AvroCodecTest.request("a")));
            w.write("garbage".getBytes());
            w.write(Topics.TELEMETRY.codec().encode(AvroCodecTest.request("b")));
        }
        Files.write(f, new byte[] {0, 0, 0, 9, 1}, StandardOpenOption.APPEND); // truncated tail

        var contents = RecordFile.read(f, Topics.TELEMETRY.codec());

        assertThat(contents.records()).extracting(Telemetry::getNodeId).containsExactly("a", "b");
        assertThat(contents.errors()).hasSize(2);
        assertThat(contents.errors().get(0)).startsWith("record 1: not an Avro");
        assertThat(contents.errors().get(1)).contains("truncated");
    }
}
