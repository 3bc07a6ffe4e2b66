package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.List;
import org.qoeflow.schema.QoeScore;

/** Where the controller reads QoE scores from. */
public interface ScoreSource extends AutoCloseable {
    /** Scores that arrived since the last poll; undecodable records are reported, not thrown. */
    List<QoeScore> poll(Duration timeout);

    @Override
    default void close() {}
}
