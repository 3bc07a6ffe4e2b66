package org.qoeflow.otlp;

/** What a mapped metric measures, in the terms of a node's QoE window. */
public enum Signal {
    /** Explicit-bucket histogram of end-to-end request latency. */
    E2E_LATENCY(Shape.HISTOGRAM),
    /** Explicit-bucket histogram of time to first token. */
    TTFT(Shape.HISTOGRAM),
    /** Gauge: requests waiting in the server's queue. */
    QUEUE_DEPTH(Shape.GAUGE),
    /** Gauge: requests the server is running (batched). */
    RUNNING_REQUESTS(Shape.GAUGE),
    /** Gauge: KV-cache use, 0..1. */
    KV_CACHE(Shape.GAUGE),
    /** Monotonic counter of finished requests, successful or (by its attributes) failed. */
    OUTCOMES(Shape.COUNTER);

    /** The OTLP data a signal is read from. */
    public enum Shape {
        HISTOGRAM,
        GAUGE,
        COUNTER
    }

    private final Shape shape;

    Signal(Shape shape) {
        this.shape = shape;
    }

    public Shape shape() {
        return shape;
    }
}
