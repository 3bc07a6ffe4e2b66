package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Decides when the controller runs its law: once the scores of a new window have arrived (every
 * node that reported the window before has a first score for it, or {@link Options#grace} after the
 * window's first score), at once when a cloud node newly falls under the success floor, sends a
 * partial score or raises an anomaly alert, and on a heartbeat when no window arrives, so stale
 * scopes still fall back. {@link Options#CLOCK} keeps the fixed decision clock instead.
 *
 * <p>The law steps its smoothing, rate limits and drain holds once per decision, so a window drives
 * at most one decision, and window decisions are at least half a decision interval apart. Urgent
 * rounds are bounded the same way: one per cloud node newly urgent for a window end (a node that
 * already took one for it, or whose evidence arrives while a round is pending, takes none), and at
 * most {@link #URGENT_ROUNDS_PER_WINDOW} per window end, so a fleet-wide fault costs a few rounds,
 * not one per node. (One round per window end let a healthy node's partial score, or another node's
 * alert, take the round a degraded node's partial score needed: its cut then waited for the
 * window's end.)
 *
 * <p>A cloud node's partial score (a window's early score before it ends, emitted only when the
 * window so far fails significantly more than the node's previous one) is urgent even above the
 * success floor, but it is not a window's score being in: the window counts the node once its full
 * score arrives (revision 1 after a partial, so the trigger remembers which nodes sent a partial
 * score for the windows it keeps).
 */
public final class DecisionTrigger {
    /** Windows whose first-score counts are kept; older ones are dropped. */
    static final int WINDOWS_KEPT = 8;

    /** Cloud nodes tracked under the success floor; beyond this, crossings are not urgent. */
    static final int MAX_TRACKED_FAILING = 100_000;

    /**
     * Urgent rounds per window end at most: with the window's own round the law steps at most this
     * plus one times for a window end, and a window's partial scores (its own end) and the previous
     * window's floor crossings and alerts (the previous end) arrive while it runs.
     */
    static final int URGENT_ROUNDS_PER_WINDOW = 3;

    /**
     * @param onScores decide when a window's scores are in (false: on the fixed clock only)
     * @param grace longest wait for a window's remaining scores after its first one
     */
    public record Options(boolean onScores, Duration grace) {
        /** The fixed decision clock of {@code LoopOptions#decisionInterval}, as before. */
        public static final Options CLOCK = new Options(false, Duration.ofSeconds(1));

        /** Decide on a window's scores, with a 1 s grace. */
        public static final Options DEFAULTS = new Options(true, Duration.ofSeconds(1));

        public Options {
            if (grace == null
                    || grace.isNegative()
                    || grace.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException(
                        "decision grace must be between 0 s and 60 s, got " + grace);
            }
        }
    }

    /** Why a decision is due. */
    public enum Reason {
        /** The first decision, or the first of a new leadership term. */
        START,
        /** The fixed clock ({@link Options#CLOCK}). */
        CLOCK,
        /** Every node of the previous window has a score for the newest one. */
        WINDOW_COMPLETE,
        /** The newest window's grace has run out with scores still missing. */
        GRACE,
        /** A cloud node fell under the success floor, sent a partial score or raised an alert. */
        URGENT,
        /** No window arrived for a decision interval plus the grace. */
        HEARTBEAT
    }

    private final Options options;
    private final long interval;
    private final long window;
    private final double successFloor;

    /** Window end to the number of first full scores admitted for it. */
    private final TreeMap<Long, Integer> firstScores = new TreeMap<>();

    /** Window end to the nodes that sent a partial score for it and no full score yet. */
    private final TreeMap<Long, Set<String>> partials = new TreeMap<>();

    private int partialNodes;

    /**
     * Window end to the scopes whose summary for it was admitted (a controller on scope summaries):
     * each counts in {@link #firstScores} as one more node of its window.
     */
    private final TreeMap<Long, Set<String>> summaryScopes = new TreeMap<>();

    private final Set<String> failing = new HashSet<>();
    private long lastDecision = Long.MIN_VALUE;
    private long decidedWindow = Long.MIN_VALUE;
    private long pendingSince = Long.MIN_VALUE;

    /** Window end to the urgent rounds taken for it and the cloud nodes they were taken for. */
    private final TreeMap<Long, Urgent> urgent = new TreeMap<>();

    private int urgentNodes;
    private boolean urgentPending;

    /** The urgent rounds of one window end. */
    private static final class Urgent {
        final Set<String> nodes = new HashSet<>();
        int rounds;
    }

    DecisionTrigger(Options options, Duration interval, Duration window, double successFloor) {
        this.options = options;
        this.interval = interval.toMillis();
        this.window = window.toMillis();
        this.successFloor = successFloor;
    }

    /** Notes an admitted QoE score at {@code now}. */
    void score(QoeScore s, long now) {
        long end = s.getWindowEnd().toEpochMilli();
        if (end > now + window) {
            // a window that has not ended yet (a fast clock, or a forged score within the future
            // skew the boundary admits) must not become the newest window and stall the others
            return;
        }
        if (s.getPartial()) {
            if (s.getRevision() == 0 && partialNodes < MAX_TRACKED_FAILING) {
                if (partials.computeIfAbsent(end, e -> new HashSet<>()).add(s.getNodeId())) {
                    partialNodes++;
                }
            }
        } else if (firstFull(s, end)) {
            countFirst(end);
        }
        if (!s.getPartial() && end > decidedWindow && pendingSince == Long.MIN_VALUE) {
            pendingSince = now;
        }
        if (s.getTier() != Tier.CLOUD) {
            return;
        }
        if (s.getSuccessRate() < successFloor) {
            if (failing.size() < MAX_TRACKED_FAILING && failing.add(s.getNodeId())) {
                urgent(s.getNodeId(), end);
            }
        } else if (s.getPartial()) {
            // the job emits one only for a window already failing significantly more than the
            // node's previous one: new evidence the law should see now, not at the window's end
            urgent(s.getNodeId(), end);
        } else {
            failing.remove(s.getNodeId());
        }
    }

    /**
     * Notes an admitted scope summary for the window ending at {@code end}: on summaries the edge
     * devices' scores never reach the trigger, so each scope's summary counts as one more node of
     * its window, and a window is complete only once its summaries are in too (not on its cloud
     * nodes' scores alone, which would decide on the previous window's summaries). A summary the
     * job emitted when devices left, at a time that is not a window's end, counts for no window.
     */
    void summary(String scope, long end, long now) {
        if (end > now + window || end % window != 0) {
            return;
        }
        if (summaryScopes.computeIfAbsent(end, e -> new HashSet<>()).add(scope)) {
            countFirst(end);
        }
        if (end > decidedWindow && pendingSince == Long.MIN_VALUE) {
            pendingSince = now;
        }
    }

    /**
     * Counts one more node's first score for window {@code end}, keeping the newest {@link
     * #WINDOWS_KEPT} windows and forgetting the partial scores and summaries of windows dropped.
     */
    private void countFirst(long end) {
        firstScores.merge(end, 1, Integer::sum);
        while (firstScores.size() > WINDOWS_KEPT) {
            firstScores.pollFirstEntry();
        }
        long oldest = firstScores.firstKey();
        while (!partials.isEmpty() && partials.firstKey() < oldest) {
            partialNodes -= partials.pollFirstEntry().getValue().size();
        }
        while (!summaryScopes.isEmpty() && summaryScopes.firstKey() < oldest) {
            summaryScopes.pollFirstEntry();
        }
    }

    /**
     * Whether the full score {@code s} is its node's first for the window: revision 0, or revision
     * 1 after a partial score the trigger saw.
     */
    private boolean firstFull(QoeScore s, long end) {
        if (s.getRevision() == 0) {
            return true;
        }
        Set<String> nodes = s.getRevision() == 1 ? partials.get(end) : null;
        if (nodes == null || !nodes.remove(s.getNodeId())) {
            return false;
        }
        partialNodes--;
        if (nodes.isEmpty()) {
            partials.remove(end);
        }
        return true;
    }

    /** Notes an admitted anomaly score: a cloud node's alert is urgent. */
    void anomaly(AnomalyScore a) {
        if (a.getAlert() && a.getTier() == Tier.CLOUD) {
            urgent(a.getNodeId(), a.getWindowEnd().toEpochMilli());
        }
    }

    /**
     * Asks for an urgent round for {@code node}'s new evidence on window {@code end}: none if the
     * node had one for that end already, or if a round is pending (it will see the evidence too),
     * or if the end has had {@link #URGENT_ROUNDS_PER_WINDOW}. Ends older than the windows kept are
     * forgotten, and an end older than all those kept takes no round (a replayed old score).
     */
    private void urgent(String node, long end) {
        if (!urgent.isEmpty() && end < urgent.lastKey() - WINDOWS_KEPT * window) {
            return;
        }
        Urgent u = urgent.computeIfAbsent(end, e -> new Urgent());
        while (urgent.size() > WINDOWS_KEPT
                || urgent.firstKey() < urgent.lastKey() - WINDOWS_KEPT * window) {
            urgentNodes -= urgent.pollFirstEntry().getValue().nodes.size();
        }
        if (urgent.get(end) != u) {
            return; // older than every end kept
        }
        if (u.rounds >= URGENT_ROUNDS_PER_WINDOW
                || urgentNodes >= MAX_TRACKED_FAILING
                || !u.nodes.add(node)) {
            return;
        }
        urgentNodes++;
        if (!urgentPending) {
            u.rounds++;
            urgentPending = true;
        }
    }

    /** Forgets the last decision: the next call to {@link #due} says {@link Reason#START}. */
    void restart() {
        lastDecision = Long.MIN_VALUE;
    }

    /** Why the law should run at {@code now}, or null if it should not yet. */
    Reason due(long now) {
        if (lastDecision == Long.MIN_VALUE) {
            return Reason.START;
        }
        long since = now - lastDecision;
        if (!options.onScores()) {
            return since >= interval ? Reason.CLOCK : null;
        }
        if (urgentPending) {
            return Reason.URGENT;
        }
        if (pendingSince != Long.MIN_VALUE && since >= interval / 2) {
            if (complete(firstScores.isEmpty() ? null : firstScores.lastKey())) {
                return Reason.WINDOW_COMPLETE;
            }
            if (now - pendingSince >= options.grace().toMillis()) {
                return Reason.GRACE;
            }
        }
        if (pendingSince == Long.MIN_VALUE && since >= interval + options.grace().toMillis()) {
            return Reason.HEARTBEAT;
        }
        return null;
    }

    /**
     * Whether window {@code end} has a first score from as many nodes as the window before it (a
     * window with no predecessor counted waits for the grace).
     */
    private boolean complete(Long end) {
        if (end == null || end <= decidedWindow) {
            return false;
        }
        Integer before = firstScores.get(end - window);
        return before != null && firstScores.get(end) >= before;
    }

    /** Records that the law ran at {@code now} for the reason {@link #due} gave. */
    void decided(Reason reason, long now) {
        lastDecision = now;
        urgentPending = false; // any round sees the urgent score: it is in the view
        Map.Entry<Long, Integer> newest = firstScores.lastEntry();
        if (reason == Reason.URGENT && (newest == null || !complete(newest.getKey()))) {
            return; // the rest of the window still drives its own decision
        }
        if (newest != null) {
            decidedWindow = Math.max(decidedWindow, newest.getKey());
        }
        pendingSince = Long.MIN_VALUE;
    }
}
