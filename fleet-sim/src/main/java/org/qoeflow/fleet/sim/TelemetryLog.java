package org.qoeflow.fleet.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/**
 * A recorded telemetry stream: records of a 4-byte big-endian length followed by one {@link
 * Telemetry} in Avro single-object encoding (exactly the value bytes of the telemetry topic), in
 * event-time order; gzip-compressed when the file name ends in {@code .gz}.
 */
public final class TelemetryLog {
    private TelemetryLog() {}

    /** Writes records to a file; use as the simulation's recorder. */
    public static final class Writer implements Consumer<Telemetry>, AutoCloseable {
        private final DataOutputStream out;
        private long records;

        public Writer(Path file) throws IOException {
            OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.out =
                    new DataOutputStream(
                            file.toString().endsWith(".gz")
                                    ? new GZIPOutputStream(raw, 1 << 16)
                                    : raw);
        }

        @Override
        public void accept(Telemetry t) {
            byte[] bytes = Topics.TELEMETRY.codec().encode(t);
            try {
                out.writeInt(bytes.length);
                out.write(bytes);
                records++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long records() {
            return records;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads every record in order; returns how many. Undecodable records fail with the index. */
    public static long read(Path file, Consumer<Telemetry> consumer) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        long n = 0;
        try (DataInputStream in =
                new DataInputStream(
                        file.toString().endsWith(".gz")
                                ? new GZIPInputStream(raw, 1 << 16)
                                : raw)) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return n;
                }
                if (length <= 0 || length > (1 << 24)) {
                    throw new IOException("record " + n + " has an invalid length " + length);
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                try {
                    consumer.accept(Topics.TELEMETRY.codec().decode(bytes));
                } catch (DecodeException e) {
                    throw new IOException(
                            "record " + n + " is not a Telemetry: " + e.getMessage(), e);
                }
                n++;
            }
        }
    }
}
