package org.qoeflow.jobs;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.qoeflow.schema.DeadLetter;

/** Builds dead-letter records that keep the original bytes and say where they came from. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter of(
            byte[] key,
            byte[] value,
            String topic,
            int partition,
            long offset,
            String errorClass,
            String message) {
        return DeadLetter.newBuilder()
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setErrorClass(errorClass)
                .setErrorMessage(message == null ? "" : message)
                .setFailedAt(Instant.now())
                .build();
    }
}
