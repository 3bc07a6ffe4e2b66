package org.qoeflow.controller.service;

import java.util.Map;
import org.qoeflow.schema.ControlUpdate;

/** Decides whether this controller instance may write control updates right now. */
public interface Leadership extends AutoCloseable {

    /** A period of leadership: its number, the sink to write with, and the state to resume from. */
    record Term(int number, ControlSink sink, Map<String, ControlUpdate> recovered) {}

    /**
     * Heartbeats and returns the current term, or null while this instance must not write. A term
     * with a new number means leadership was (re)gained: resume from its recovered state first.
     */
    Term current() throws Exception;

    /** The term's sink was fenced by a newer writer: this instance must stop writing. */
    void fenced(Term term);

    @Override
    default void close() throws Exception {}

    /** A single controller that always leads, resuming from {@code recovered}. */
    static Leadership always(ControlSink sink, Map<String, ControlUpdate> recovered) {
        Term term = new Term(1, sink, recovered);
        return new Leadership() {
            private boolean fenced;

            @Override
            public Term current() {
                return fenced ? null : term;
            }

            @Override
            public void fenced(Term t) {
                fenced = true;
            }

            @Override
            public void close() throws Exception {
                sink.close();
            }
        };
    }
}
