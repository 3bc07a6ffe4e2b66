package org.qoeflow.qoe;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

/**
 * Combines each node's telemetry of one tumbling window where it arrives, before the shuffle to the
 * node's window state: a node sends a few events a second, so one combined {@link Partial} per node
 * and window crosses the network and touches keyed state instead of every event (a local
 * pre-aggregation, as Flink SQL's two-phase aggregation does).
 *
 * <p>What the window state sees is unchanged: partials merge losslessly ({@link
 * NodeWindowStats#merge}), a window's partials are all sent before the watermark passes its end
 * ({@link #advance}), and a window gets a partial at once on every event at which the window
 * operator may emit an early partial score (a failed request, or the request that brings a window
 * with failures to {@link QoeOptions#earlyScoreMinRequests}), after the node's previous window's
 * pending partial (the rule compares with it), so early scores come at the same events and on the
 * same statistics as without combining. With {@link QoeOptions#closeOnNodeProgress} a node's first
 * event of a window sends its previous window's partial at once, marked {@link
 * Partial#nodeMovedOn}, so the window can close before the watermark passes it; what comes for that
 * window afterwards goes as usual. Events of windows the watermark has passed are not combined: the
 * caller sends them on as they are, for the window state's late and allowed-lateness handling.
 *
 * <p>Request ids are deduplicated across all partials of a window for as long as the window is open
 * here ({@link RequestDedup} of the window, kept after its partials are sent). Two limits: the ids
 * are not part of a checkpoint (the caller sends every partial before a checkpoint barrier, {@link
 * #flushAll}), so after a restore a resend of a request counted before the checkpoint is counted
 * again; and past {@code maxWindows} buffered node-windows the oldest windows are sent and
 * forgotten, with the same effect for their resends.
 */
public final class WindowCombiner {
    /**
     * The combined statistics of one node's window so far; {@code start} is the window start.
     * {@code nodeMovedOn}: the node has sent an event of its next window, so (its own events coming
     * in order) the window may close now ({@link QoeOptions#closeOnNodeProgress}).
     */
    public record Partial(String nodeId, long start, NodeWindowStats stats, boolean nodeMovedOn) {
        public Partial(String nodeId, long start, NodeWindowStats stats) {
            this(nodeId, start, stats, false);
        }
    }

    private static final class Entry {
        NodeWindowStats pending;
        boolean movedOn;
        final RequestDedup seen = new RequestDedup();
        long requests;
        long failures;
    }

    private final long size;
    private final EarlyScoreRule early;
    private final int maxWindows;
    private final boolean closeOnNodeProgress;
    private final TreeMap<Long, Map<String, Entry>> byStart = new TreeMap<>();
    private long lastStart = Long.MIN_VALUE;
    private Map<String, Entry> lastWindow;
    private int windows;
    private long watermark = Long.MIN_VALUE;

    /**
     * @param windowMillis the window size
     * @param options the early-score rule's settings, for when a partial must go at once
     * @param maxWindows node-windows held at most; past it the oldest windows are sent and dropped
     */
    public WindowCombiner(long windowMillis, QoeOptions options, int maxWindows) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + windowMillis);
        }
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be >= 1, got " + maxWindows);
        }
        this.size = windowMillis;
        this.early = new EarlyScoreRule(options);
        this.maxWindows = maxWindows;
        this.closeOnNodeProgress = options.closesOnNodeProgress();
    }

    /**
     * Combines one validated event with event time {@code timestamp}; a partial that must go at
     * once goes to {@code out}. Returns false, combining nothing, when the watermark has passed the
     * event's window: the caller sends the event on itself.
     */
    public boolean add(Telemetry t, long timestamp, Consumer<Partial> out) {
        long start = NodeWindows.startOf(timestamp, size);
        if (start + size - 1 <= watermark) {
            return false;
        }
        String node = t.getNodeId();
        Entry e = window(start).get(node);
        if (e == null) {
            e = new Entry();
            window(start).put(node, e);
            windows++;
            if (closeOnNodeProgress) {
                sendMovedOn(node, start - size, out);
            }
        }
        if (e.pending == null) {
            e.pending = new NodeWindowStats();
        }
        long failuresBefore = e.failures;
        long requestsBefore = e.requests;
        if (t.getPayload() instanceof RequestFact r) {
            if (r.getRequestId() != null && !e.seen.firstSeen(r.getRequestId())) {
                e.pending.countDuplicate();
                return true;
            }
            e.requests++;
            if (!r.getSuccess()) {
                e.failures++;
            }
        }
        e.pending.add(t);
        if (!e.movedOn
                && early.mayHaveDegraded(failuresBefore, requestsBefore, e.failures, e.requests)) {
            // (a window its node moved on from has closed: no partial score for it, so its
            // stragglers wait for the watermark and revise it once)
            // the early rule compares with the node's previous window, which may still be open
            Map<String, Entry> before = byStart.get(start - size);
            Entry previous = before == null ? null : before.get(node);
            if (previous != null) {
                send(node, start - size, previous, out);
            }
            send(node, start, e, out);
        }
        if (windows > maxWindows) {
            dropOldest(out);
        }
        return true;
    }

    private Map<String, Entry> window(long start) {
        if (start != lastStart) {
            lastWindow = byStart.computeIfAbsent(start, s -> new HashMap<>());
            lastStart = start;
        }
        return lastWindow;
    }

    /**
     * The watermark moves to {@code watermark}: sends the partials of every window that ends at or
     * before it and forgets those windows. Call before passing the watermark on.
     */
    public void advance(long watermark, Consumer<Partial> out) {
        this.watermark = Math.max(this.watermark, watermark);
        while (!byStart.isEmpty() && byStart.firstKey() + size - 1 <= this.watermark) {
            dropOldest(out);
        }
    }

    /** Sends every pending partial, keeping the windows' request ids (before a checkpoint). */
    public void flushAll(Consumer<Partial> out) {
        for (Map.Entry<Long, Map<String, Entry>> w : byStart.entrySet()) {
            for (Map.Entry<String, Entry> e : w.getValue().entrySet()) {
                send(e.getKey(), w.getKey(), e.getValue(), out);
            }
        }
    }

    /** Node-windows held (with or without a pending partial). */
    public int windows() {
        return windows;
    }

    private void dropOldest(Consumer<Partial> out) {
        Map.Entry<Long, Map<String, Entry>> w = byStart.pollFirstEntry();
        if (w.getKey() == lastStart) {
            lastStart = Long.MIN_VALUE;
            lastWindow = null;
        }
        Iterator<Map.Entry<String, Entry>> it = w.getValue().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            send(e.getKey(), w.getKey(), e.getValue(), out);
            it.remove();
            windows--;
        }
    }

    /**
     * The node's first event of the window after {@code start}: its window at {@code start}, if
     * still held, goes at once marked {@code nodeMovedOn} (empty when its partials went already).
     */
    private void sendMovedOn(String node, long start, Consumer<Partial> out) {
        Map<String, Entry> before = byStart.get(start);
        Entry e = before == null ? null : before.get(node);
        if (e == null || e.movedOn) {
            return;
        }
        e.movedOn = true;
        NodeWindowStats s = e.pending != null ? e.pending : new NodeWindowStats();
        e.pending = null;
        out.accept(new Partial(node, start, s, true));
    }

    private static void send(String node, long start, Entry e, Consumer<Partial> out) {
        if (e.pending != null) {
            NodeWindowStats s = e.pending;
            e.pending = null;
            out.accept(new Partial(node, start, s));
        }
    }
}
