package org.qoeflow.jobs;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.qoeflow.qoe.Bounded;
import org.qoeflow.schema.DeadLetter;

/**
 * Builds dead-letter records that keep the original bytes (cut to a bound, and saying so) and say
 * where they came from, so a dead letter always fits in one producer request whatever was read.
 */
public final class DeadLetters {
    /** Longer than any node id can be (128 chars of UTF-8 fit in 512 bytes). */
    public static final int MAX_KEY_BYTES = 1024;

    /** Four times the largest telemetry record admitted: enough to see what was sent. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    public static final int MAX_MESSAGE_CHARS = 2048;

    private DeadLetters() {}

    public static DeadLetter of(
            byte[] key,
            byte[] value,
            String topic,
            int partition,
            long offset,
            String errorClass,
            String message) {
        boolean truncated =
                key != null && key.length > MAX_KEY_BYTES
                        || value != null && value.length > MAX_VALUE_BYTES;
        return DeadLetter.newBuilder()
                .setOriginalKey(cut(key, MAX_KEY_BYTES))
                .setOriginalValue(cut(value, MAX_VALUE_BYTES))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setErrorClass(errorClass)
                .setErrorMessage(message == null ? "" : Bounded.text(message, MAX_MESSAGE_CHARS))
                .setFailedAt(Instant.now())
                .setOriginalSize(value == null ? -1 : value.length)
                .setTruncated(truncated)
                .build();
    }

    private static ByteBuffer cut(byte[] b, int max) {
        if (b == null) {
            return null;
        }
        return ByteBuffer.wrap(b.length > max ? Arrays.copyOf(b, max) : b);
    }
}
