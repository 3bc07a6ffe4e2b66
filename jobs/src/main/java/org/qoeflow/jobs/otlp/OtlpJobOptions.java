package org.qoeflow.jobs.otlp;

import java.io.Serializable;
import java.time.Duration;
import org.qoeflow.common.Checks;
import org.qoeflow.otlp.OtlpMapping;

/**
 * Settings of the job's OTLP input: the attribute mapping, how long a silent series' delta state is
 * kept, and the largest record read.
 */
public record OtlpJobOptions(OtlpMapping mapping, Duration seriesTtl, int maxRecordBytes)
        implements Serializable {
    /** The Collector's kafka exporter default {@code producer.max_message_bytes} is 1 MB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

    public static final OtlpJobOptions DEFAULTS =
            new OtlpJobOptions(
                    OtlpMapping.DEFAULTS, Duration.ofMinutes(10), DEFAULT_MAX_RECORD_BYTES);

    public OtlpJobOptions {
        if (mapping == null) {
            throw new IllegalArgumentException("--otlp mapping must not be null");
        }
        Checks.positive("--otlp-series-ttl", seriesTtl);
        Checks.atLeast("--otlp-max-record-bytes", maxRecordBytes, 64);
    }
}
