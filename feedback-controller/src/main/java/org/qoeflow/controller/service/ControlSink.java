package org.qoeflow.controller.service;

import org.qoeflow.schema.ControlUpdate;

/** Where the controller writes control updates; returns once the update is durable. */
public interface ControlSink extends AutoCloseable {
    void publish(ControlUpdate update) throws Exception;

    @Override
    default void close() throws Exception {}

    /** Wraps a sink, e.g. to sign what goes through it. */
    @FunctionalInterface
    interface Decorator {
        ControlSink decorate(ControlSink sink);

        static Decorator none() {
            return sink -> sink;
        }
    }
}
