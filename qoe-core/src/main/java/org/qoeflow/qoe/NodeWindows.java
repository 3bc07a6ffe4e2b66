package org.qoeflow.qoe;

import java.util.Arrays;

/**
 * The open tumbling windows of one node, oldest first, each with its statistics and how often it
 * has fired; the Flink window operator keeps one of these per node as its whole keyed state. A node
 * usually has one or two windows open (the current one and one kept for allowed lateness).
 */
public final class NodeWindows {
    /** Revision of a window that has not fired yet. */
    public static final int NOT_FIRED = -1;

    private long[] starts;
    private int[] revisions;
    private int[] partials;
    private NodeWindowStats[] stats;
    private int size;

    public NodeWindows() {
        this(2);
    }

    private NodeWindows(int capacity) {
        starts = new long[capacity];
        revisions = new int[capacity];
        partials = new int[capacity];
        stats = new NodeWindowStats[capacity];
    }

    /** Start of the tumbling window of {@code windowMillis} holding {@code timestamp}. */
    public static long startOf(long timestamp, long windowMillis) {
        return timestamp - Math.floorMod(timestamp, windowMillis);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Index of the window starting at {@code start}, or -1. */
    public int indexOf(long start) {
        for (int i = 0; i < size; i++) {
            if (starts[i] == start) {
                return i;
            }
        }
        return -1;
    }

    /** Opens a window starting at {@code start} (not open yet) and returns its index. */
    public int open(long start) {
        return insert(start, NOT_FIRED, 0, new NodeWindowStats());
    }

    private int insert(long start, int revision, int partial, NodeWindowStats s) {
        if (size == starts.length) {
            int capacity = Math.max(2, 2 * size);
            starts = Arrays.copyOf(starts, capacity);
            revisions = Arrays.copyOf(revisions, capacity);
            partials = Arrays.copyOf(partials, capacity);
            stats = Arrays.copyOf(stats, capacity);
        }
        int at = size;
        while (at > 0 && starts[at - 1] > start) {
            at--;
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(revisions, at, revisions, at + 1, size - at);
        System.arraycopy(partials, at, partials, at + 1, size - at);
        System.arraycopy(stats, at, stats, at + 1, size - at);
        starts[at] = start;
        revisions[at] = revision;
        partials[at] = partial;
        stats[at] = s;
        size++;
        return at;
    }

    public long start(int i) {
        return starts[i];
    }

    public NodeWindowStats stats(int i) {
        return stats[i];
    }

    /**
     * Revision of the last score emitted for window {@code i}, partial or not ({@link #NOT_FIRED}
     * if none).
     */
    public int revision(int i) {
        return revisions[i];
    }

    /** Partial scores emitted for window {@code i} before it closed. */
    public int partials(int i) {
        return partials[i];
    }

    /** Whether window {@code i} has had its full score (at its end, every score after partial). */
    public boolean closed(int i) {
        return revisions[i] >= partials[i];
    }

    /**
     * Records one more firing of window {@code i} and returns its revision (0 the first time, or
     * the number of partial scores before it).
     */
    public int fire(int i) {
        return ++revisions[i];
    }

    /** Records a partial score of window {@code i}, not closed yet, and returns its revision. */
    public int firePartial(int i) {
        if (closed(i)) {
            throw new IllegalStateException("window starting at " + starts[i] + " has closed");
        }
        partials[i]++;
        return ++revisions[i];
    }

    /** Drops window {@code i}. */
    public void remove(int i) {
        int tail = size - i - 1;
        System.arraycopy(starts, i + 1, starts, i, tail);
        System.arraycopy(revisions, i + 1, revisions, i, tail);
        System.arraycopy(partials, i + 1, partials, i, tail);
        System.arraycopy(stats, i + 1, stats, i, tail);
        size--;
        stats[size] = null;
    }

    /** Adds a window read back from state, keeping the order by start. */
    public void restore(long start, int revision, NodeWindowStats s) {
        restore(start, revision, 0, s);
    }

    /** Adds a window read back from state with its partial-score count. */
    public void restore(long start, int revision, int partial, NodeWindowStats s) {
        if (revision < NOT_FIRED) {
            throw new IllegalArgumentException("window revision " + revision + " < -1");
        }
        if (partial < 0 || partial > revision + 1) {
            throw new IllegalArgumentException(
                    "window with " + partial + " partial scores at revision " + revision);
        }
        if (indexOf(start) >= 0) {
            throw new IllegalArgumentException("window starting at " + start + " twice");
        }
        insert(start, revision, partial, s);
    }

    /** A deep copy (the statistics through their byte form). */
    public NodeWindows copy() {
        NodeWindows c = new NodeWindows(Math.max(2, size));
        for (int i = 0; i < size; i++) {
            c.insert(
                    starts[i],
                    revisions[i],
                    partials[i],
                    NodeWindowStats.fromBytes(stats[i].toBytes()));
        }
        return c;
    }
}
