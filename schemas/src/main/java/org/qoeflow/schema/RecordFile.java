package org.qoeflow.schema;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * A file of recorded records: each one a 4-byte big-endian length and the record's Avro
 * single-object encoding, exactly the bytes that were on the topic. Written by {@code qoeflow tail}
 * and read by {@code qoeflow anomaly train} and {@code qoeflow replay}.
 */
public final class RecordFile {
    private RecordFile() {}

    /** Appends records to a file. */
    public static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private long count;

        public Writer(Path file) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        public void write(byte[] encoded) {
            try {
                out.writeInt(encoded.length);
                out.write(encoded);
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long count() {
            return count;
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What reading a file gave: the decoded records and the ones that did not decode. */
    public record Contents<T>(List<T> records, List<String> errors) {}

    /**
     * Reads every record; an undecodable one is reported with its index and skipped, a truncated
     * tail is reported and ends the read.
     */
    public static <T extends SpecificRecord> Contents<T> read(Path file, AvroCodec<T> codec) {
        List<T> records = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (long i = 0; ; i++) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                if (length < 0 || length > 16 * 1024 * 1024) {
                    errors.add("record " + i + ": bad length " + length + ", stopped reading");
                    break;
                }
                byte[] bytes = new byte[length];
                try {
                    in.readFully(bytes);
                } catch (EOFException truncated) {
                    errors.add("record " + i + ": truncated at end of file");
                    break;
                }
                try {
                    records.add(codec.decode(bytes));
                } catch (DecodeException e) {
                    errors.add("record " + i + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Contents<>(records, errors);
    }
}
