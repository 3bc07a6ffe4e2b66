package org.qoeflow.cli.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.service.ControlSigning;
import org.qoeflow.controller.service.ControllerExecutor;
import org.qoeflow.controller.service.Controllers;
import org.qoeflow.controller.service.DecisionTrigger;
import org.qoeflow.fleet.FleetObserver;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.kafka.FleetRunner;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;

/**
 * The full loop as {@code qoeflow demo} wires it (the running job, the controller, a real-time
 * fleet with signed control), with one cloud node degraded at a time (4x slower, half its requests
 * failing, as the demo's fault): per injection, the time from the node's first degraded event to
 * the fleet applying a routing update that cuts the node's weight.
 */
final class ControlLoop {
    /** Fleet of the loop phase: the demo's 60 devices and 150 requests/s, 6 cloud nodes. */
    static final int DEVICES = 60;

    static final Duration FIRST_FAULT = Duration.ofSeconds(20);
    static final Duration FAULT_LENGTH = Duration.ofSeconds(20);

    /**
     * Not a multiple of the 5 s window: successive injections start 0.625 s later in their window,
     * so 8 of them sample the window's whole phase (at 40 s every injection had the same phase, and
     * the time to its window's end was one number, not a distribution).
     */
    static final Duration FAULT_SPACING = Duration.ofMillis(40_625);

    /**
     * Longest wait for the loop to settle (the fleet applying its first update): the job first
     * fires every preloaded node's open windows when the live fleet moves event time on.
     */
    static final Duration SETTLE_MAX = Duration.ofSeconds(300);

    private ControlLoop() {}

    /** Window length of the job's default options: the legs' window ends are multiples of it. */
    static final long WINDOW_MS = 5000;

    /**
     * Bench-only knob: {@code -Dqoeflow.bench.decideOn=clock} runs the loop's controller on the
     * fixed decision clock (as before the decision trigger), to time both designs.
     */
    static final String DECIDE_ON = "qoeflow.bench.decideOn";

    /**
     * Latencies in ms of the injections that reached the fleet, of {@code injections} timed, with
     * each one's legs; the job's window-close lags (ms from a window's end to its first score being
     * readable) over the timed part; and the controller's law rounds by trigger.
     */
    record Result(
            List<Double> latenciesMs,
            int injections,
            double settleSeconds,
            List<Legs> legs,
            List<Double> windowCloseLagsMs,
            Map<String, Double> rounds,
            String decideOn,
            long[] scoreCounts,
            int unrelatedCuts,
            long[] partialScores,
            List<Map<String, Object>> uncut) {

        /** The legs, summed up, as bench.json's {@code control_legs}. */
        Map<String, Object> json() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("decide_on", decideOn);
            m.put("rounds_by_trigger", rounds);
            m.put("scores_first", scoreCounts[0]);
            m.put("scores_revisions", scoreCounts[1]);
            m.put("dead_letters", scoreCounts[2]);
            m.put("partial_scores_on_degraded_windows", partialScores[0]);
            m.put("partial_scores_on_healthy_windows", partialScores[1]);
            m.put("cuts_not_from_a_degraded_window", unrelatedCuts);
            m.put(
                    "window_close_lag_ms_p50",
                    finite(BenchResult.percentile(windowCloseLagsMs, 0.5)));
            m.put(
                    "window_close_lag_ms_p99",
                    finite(BenchResult.percentile(windowCloseLagsMs, 0.99)));
            m.put("window_close_lag_ms", windowCloseLagsMs);
            for (String leg : Legs.NAMES) {
                List<Double> v = legs.stream().map(l -> l.leg(leg)).toList();
                m.put(leg + "_ms_p50", finite(BenchResult.percentile(v, 0.5)));
                m.put(leg + "_ms_p99", finite(BenchResult.percentile(v, 0.99)));
            }
            m.put("windows_to_cut", legs.stream().map(Legs::windowsToCut).toList());
            m.put("injections", legs.stream().map(Legs::json).toList());
            m.put("injections_not_cut", uncut);
            return m;
        }
    }

    /**
     * One injection's path, as wall-clock ms: its first degraded event, the end of that event's
     * window, the end of the window whose score the cut was decided on, when that score became
     * readable on the score topic, the update's issue time, and the fleet applying it.
     */
    record Legs(
            long firstEvent,
            long firstWindowEnd,
            long cutWindowEnd,
            long scoreRead,
            long issued,
            long applied,
            Map<String, Object> trace) {
        static final List<String> NAMES =
                List.of(
                        "to_window_end",
                        "later_windows",
                        "window_to_score",
                        "score_to_decision",
                        "decision_to_fleet");

        double leg(String name) {
            return switch (name) {
                case "to_window_end" -> firstWindowEnd - firstEvent;
                case "later_windows" -> cutWindowEnd - firstWindowEnd;
                case "window_to_score" -> scoreRead - cutWindowEnd;
                case "score_to_decision" -> issued - scoreRead;
                case "decision_to_fleet" -> applied - issued;
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** 1 if the first window holding degraded traffic was enough to cut the weight. */
        long windowsToCut() {
            return (cutWindowEnd - firstWindowEnd) / WINDOW_MS + 1;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            NAMES.forEach(n -> m.put(n + "_ms", leg(n)));
            m.put("windows_to_cut", windowsToCut());
            m.put("total_ms", (double) (applied - firstEvent));
            m.put("trace", trace);
            return m;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "event->window end %d ms, +%d later window(s), window end->score read %d ms,"
                            + " score->decision %d ms, decision->fleet %d ms",
                    firstWindowEnd - firstEvent,
                    windowsToCut() - 1,
                    scoreRead - cutWindowEnd,
                    issued - scoreRead,
                    applied - issued);
        }
    }

    /**
     * Runs until the loop has settled, then {@code duration} more; only injections that start after
     * settling and end within {@code duration} are timed.
     */
    static Result run(Properties kafka, Duration duration, PrintWriter out) throws Exception {
        Scenario scenario = scenario(SETTLE_MAX.plus(duration));
        String decideOn = System.getProperty(DECIDE_ON, "scores");
        DecisionTrigger.Options decisions =
                switch (decideOn) {
                    case "scores" -> DecisionTrigger.Options.DEFAULTS;
                    case "clock" -> DecisionTrigger.Options.CLOCK;
                    default ->
                            throw new IllegalArgumentException(
                                    "-D"
                                            + DECIDE_ON
                                            + " must be 'scores' or 'clock', got '"
                                            + decideOn
                                            + "'");
                };
        PrometheusRegistry registry = new PrometheusRegistry();
        Probe probe = new Probe(scenario);
        FleetSimulator sim = new FleetSimulator(scenario);
        Path keys = Files.createTempDirectory("qoeflow-bench-keys");
        ControlKeys.generate(keys, "bench-controller");
        sim.requireSignatures(ControlKeys.trustRing(keys));
        ControlSigning signing =
                ControlSigning.fromFiles(keys.resolve("bench-controller.key"), null);
        try (ScoreWatch watch = new ScoreWatch(kafka);
                ControllerExecutor controller =
                        Controllers.kafka(
                                        kafka,
                                        LawOptions.DEFAULTS.withRegionScopes(false),
                                        registry,
                                        "qoeflow-bench-controller",
                                        signing,
                                        ScoreLimits.DEFAULTS,
                                        decisions)
                                .withRoundObserver(probe::round);
                FleetRunner fleet =
                        new FleetRunner(
                                kafka, sim, Duration.ofMillis(200), probe.watching(watch))) {
            controller.start();
            probe.startAt(System.currentTimeMillis());
            fleet.start();
            long settleBy = System.nanoTime() + SETTLE_MAX.toNanos();
            while (probe.settledAt() == Long.MIN_VALUE && System.nanoTime() < settleBy) {
                Thread.sleep(200);
            }
            if (probe.settledAt() == Long.MIN_VALUE) {
                throw new IllegalStateException(
                        "control loop: no control update reached the fleet within " + SETTLE_MAX);
            }
            double settle = (probe.settledAt() - probe.epoch()) / 1000.0;
            out.printf(
                    Locale.ROOT,
                    "  loop: settled after %.0f s (first update applied); timing injections for %d s%n",
                    settle,
                    duration.toSeconds());
            probe.window(probe.settledAt() + 5000, probe.settledAt() + duration.toMillis());
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            int reported = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                List<Double> seen = probe.latencies();
                List<Legs> legs = probe.legs();
                if (seen.size() > reported) {
                    reported = seen.size();
                    out.printf(
                            Locale.ROOT,
                            "  loop: t=%.0f s, injection %d reached the fleet after %.0f ms (%s)%n",
                            (System.nanoTime() - start) / 1e9,
                            reported,
                            seen.get(reported - 1),
                            legs.size() >= reported ? legs.get(reported - 1).line() : "no legs");
                }
            }
            Map<String, Double> rounds = roundsByTrigger(registry);
            long[] counts = watch.counts();
            long[] partials = probe.classify(watch.partialScores());
            out.printf(
                    Locale.ROOT,
                    "  loop: %d first scores, %d revisions, %d dead letters; partial scores: %d on"
                            + " degraded windows, %d on healthy ones%n",
                    counts[0],
                    counts[1],
                    counts[2],
                    partials[0],
                    partials[1]);
            return new Result(
                    probe.latencies(),
                    probe.timedInjections(),
                    settle,
                    probe.legs(),
                    watch.windowCloseLagsMs(probe.settledAt() + 5000),
                    rounds,
                    decideOn,
                    counts,
                    probe.unrelatedCuts(),
                    partials,
                    probe.uncut());
        } finally {
            deleteQuietly(keys);
        }
    }

    /** The demo fleet with a slow, failing cloud node every {@link #FAULT_SPACING}. */
    static Scenario scenario(Duration duration) {
        Scenario base =
                ScenarioLoader.load(ScenarioLoader.DEMO)
                        .withDevices(DEVICES)
                        .withCloudNodes(6)
                        .withQps(150)
                        .withSeed(42);
        List<Scenario.FaultSpec> faults = new ArrayList<>();
        int k = 0;
        for (long t = FIRST_FAULT.toMillis();
                t + FAULT_LENGTH.toMillis() <= duration.toMillis();
                t += FAULT_SPACING.toMillis(), k++) {
            for (Scenario.FaultSpec f : base.faults()) {
                faults.add(
                        new Scenario.FaultSpec(
                                        f.kind(),
                                        0,
                                        0,
                                        f.region(),
                                        k % 3,
                                        f.deviceClass(),
                                        f.variant(),
                                        f.factor(),
                                        f.probability(),
                                        f.deltaC(),
                                        f.share())
                                .movedTo(t, FAULT_LENGTH.toMillis()));
            }
        }
        return base.withFaults(faults);
    }

    /** Watches the fleet: degraded events out, routing updates in. */
    static final class Probe implements FleetObserver {
        /** Law rounds kept for the traces: the newest ones, a few windows' worth. */
        static final int ROUNDS_KEPT = 256;

        private final java.util.ArrayDeque<Round> rounds = new java.util.ArrayDeque<>();
        private final List<Scenario.FaultSpec> injections = new ArrayList<>();
        private final List<Double> latencies = new ArrayList<>();
        private final List<Legs> legs = new ArrayList<>();
        private ScoreWatch watch;
        private int unrelatedCuts;

        /** Traces of timed injections whose node was not cut before the next one began. */
        private final List<Map<String, Object>> uncut = new ArrayList<>();

        private final Map<String, Double> heldWeight = new HashMap<>();
        private long epoch = Long.MIN_VALUE;
        private int current = -1;
        private long firstDegradedAt = Long.MIN_VALUE;
        private long settledAt = Long.MIN_VALUE;
        private long windowFrom = Long.MAX_VALUE;
        private long windowTo = Long.MIN_VALUE;

        Probe(Scenario s) {
            for (Scenario.FaultSpec f : s.faults()) {
                if (f.kind() == Scenario.FaultKind.SLOW_NODE) {
                    injections.add(f);
                }
            }
        }

        /** A law round: when, why, and the routing weights and reason it decided per scope. */
        record Round(long at, String why, Map<String, Decision> routing) {}

        /** Notes a controller round (on the controller's thread). */
        synchronized void round(DecisionTrigger.Reason why, long now, List<Decision> decided) {
            Map<String, Decision> routing = new HashMap<>();
            for (Decision d : decided) {
                if (d.routingWeights() != null && !d.routingWeights().isEmpty()) {
                    routing.put(d.scope(), d);
                }
            }
            rounds.addLast(new Round(now, why.name(), routing));
            while (rounds.size() > ROUNDS_KEPT) {
                rounds.removeFirst();
            }
        }

        /**
         * What led to a cut of {@code node}, times in ms from its first degraded event: the node's
         * scores read from a window before it to the cut, every other cloud node's partial score
         * read meanwhile (they take the same window's urgent round), the scores of the node's
         * region peers, and each law round with {@code node}'s weight and every node's weight in
         * {@code scope} as the law decided them (null: no routing change worth publishing) and the
         * law's reason.
         */
        private Map<String, Object> trace(String node, String scope, long first, long issued) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("node", node);
            m.put("first_degraded_at", first);
            m.put(
                    "scores",
                    watch.seen(node, first - WINDOW_MS, issued + 200).stream()
                            .map(x -> x.json(first))
                            .toList());
            // the region's other nodes, as the law compares them (ids cloud-<region>-<n>)
            String region = node.substring(0, node.lastIndexOf('-') + 1);
            List<Map<String, Object>> others = new ArrayList<>();
            List<Map<String, Object>> peers = new ArrayList<>();
            for (String other : watch.cloudNodes()) {
                if (other.equals(node)) {
                    continue;
                }
                boolean peer = other.startsWith(region);
                for (ScoreWatch.Seen x : watch.seen(other, first - WINDOW_MS, issued + 200)) {
                    if (!x.partial() && !peer) {
                        continue;
                    }
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    o.put("node", other);
                    o.putAll(x.json(first));
                    if (x.partial()) {
                        others.add(o);
                    }
                    if (peer) {
                        peers.add(o);
                    }
                }
            }
            m.put("other_partials", others);
            m.put("peer_scores", peers);
            List<Map<String, Object>> rs = new ArrayList<>();
            for (Round r : rounds) {
                if (r.at() >= first - 1000 && r.at() <= issued) {
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    o.put("at_ms", r.at() - first);
                    o.put("why", r.why());
                    Decision d = r.routing().get(scope);
                    o.put("weight", d == null ? null : d.routingWeights().get(node));
                    o.put(
                            "weights",
                            d == null ? null : new java.util.TreeMap<>(d.routingWeights()));
                    o.put("reason", d == null ? null : d.reason());
                    rs.add(o);
                }
            }
            m.put("rounds", rs);
            return m;
        }

        /** Times the legs of each cut with the score arrivals {@code w} saw; returns this. */
        synchronized Probe watching(ScoreWatch w) {
            watch = w;
            return this;
        }

        /**
         * Partial scores as {on a node's window that overlaps its fault, on any other (healthy)
         * window}; the window ends are in wall time, as the live fleet's event times.
         */
        synchronized long[] classify(Map<String, List<Long>> partials) {
            long degraded = 0, healthy = 0;
            for (Map.Entry<String, List<Long>> e : partials.entrySet()) {
                for (long end : e.getValue()) {
                    boolean hit = false;
                    for (Scenario.FaultSpec f : injections) {
                        hit |=
                                e.getKey().equals(FleetModel.cloudNodeId(f.region(), f.node()))
                                        && end > epoch + f.startMs()
                                        && end - WINDOW_MS < epoch + f.endMs();
                    }
                    if (hit) {
                        degraded++;
                    } else {
                        healthy++;
                    }
                }
            }
            return new long[] {degraded, healthy};
        }

        /** Weight cuts after a fault started but decided on scores of no degraded window. */
        synchronized int unrelatedCuts() {
            return unrelatedCuts;
        }

        synchronized List<Map<String, Object>> uncut() {
            return List.copyOf(uncut);
        }

        synchronized List<Legs> legs() {
            return List.copyOf(legs);
        }

        /** Wall time the fleet starts at: time 0 of the scenario's faults. */
        synchronized void startAt(long epochMillis) {
            epoch = epochMillis;
        }

        synchronized long epoch() {
            return epoch;
        }

        /** Wall time the fleet first applied an update, or MIN_VALUE. */
        synchronized long settledAt() {
            return settledAt;
        }

        /** Times only injections starting at or after {@code from} and ending by {@code to}. */
        synchronized void window(long from, long to) {
            windowFrom = from;
            windowTo = to;
        }

        private boolean timed(Scenario.FaultSpec f) {
            return epoch + f.startMs() >= windowFrom && epoch + f.endMs() <= windowTo;
        }

        synchronized int timedInjections() {
            return (int) injections.stream().filter(this::timed).count();
        }

        synchronized List<Double> latencies() {
            return List.copyOf(latencies);
        }

        @Override
        public synchronized void telemetry(List<Telemetry> events) {
            for (Telemetry t : events) {
                long at = t.getEventTime().toEpochMilli();
                int next = current + 1;
                while (next < injections.size()
                        && epoch + injections.get(next).startMs() < windowFrom
                        && at >= epoch + injections.get(next).startMs()) {
                    next++; // started before the loop settled: not timed
                }
                if (next < injections.size()) {
                    Scenario.FaultSpec f = injections.get(next);
                    if (timed(f)
                            && at >= epoch + f.startMs()
                            && t.getNodeId().equals(FleetModel.cloudNodeId(f.region(), f.node()))) {
                        if (current >= 0 && firstDegradedAt != Long.MIN_VALUE) {
                            Scenario.FaultSpec missed = injections.get(current);
                            uncut.add(
                                    trace(
                                            FleetModel.cloudNodeId(missed.region(), missed.node()),
                                            Scopes.routing(missed.region()),
                                            firstDegradedAt,
                                            at));
                        }
                        current = next;
                        firstDegradedAt = at;
                    }
                }
            }
        }

        @Override
        public synchronized void control(ControlUpdate u, Outcome outcome, long version) {
            if (outcome != Outcome.APPLIED || u.getRoutingWeights() == null) {
                return;
            }
            long now = System.currentTimeMillis();
            if (settledAt == Long.MIN_VALUE) {
                settledAt = now;
            }
            String node =
                    current < 0
                            ? null
                            : FleetModel.cloudNodeId(
                                    injections.get(current).region(),
                                    injections.get(current).node());
            Double before = node == null ? null : heldWeight.get(node);
            if (firstDegradedAt != Long.MIN_VALUE
                    && u.getScope().equals(Scopes.routing(injections.get(current).region()))
                    && before != null
                    && u.getRoutingWeights().getOrDefault(node, before) < before) {
                long issued = u.getIssuedAt().toEpochMilli();
                long firstWindowEnd = (firstDegradedAt / WINDOW_MS + 1) * WINDOW_MS;
                // the watch reads beside the controller: allow it a poll or two behind
                long[] cut = watch.newestBy(node, issued + 200);
                if (cut != null && cut[0] >= firstWindowEnd) {
                    latencies.add((double) (now - firstDegradedAt));
                    legs.add(
                            new Legs(
                                    firstDegradedAt,
                                    firstWindowEnd,
                                    cut[0],
                                    cut[1],
                                    issued,
                                    now,
                                    trace(node, u.getScope(), firstDegradedAt, issued)));
                    firstDegradedAt = Long.MIN_VALUE;
                } else {
                    // decided before any degraded window was scored: the law's own drift, not
                    // the fault's effect (it counted as a fast "cut" before the legs were timed)
                    unrelatedCuts++;
                }
            }
            u.getRoutingWeights().forEach(heldWeight::put);
        }
    }

    /** The controller's law rounds by trigger, from its registry. */
    static Map<String, Double> roundsByTrigger(PrometheusRegistry registry) {
        Map<String, Double> rounds = new java.util.TreeMap<>();
        for (var m : registry.scrape()) {
            // the snapshot names a counter without its _total suffix
            if (m.getMetadata().getName().equals("qoeflow_controller_decision_triggers")) {
                for (var dp : m.getDataPoints()) {
                    rounds.put(
                            dp.getLabels().get("trigger"),
                            ((io.prometheus.metrics.model.snapshots.CounterSnapshot
                                                    .CounterDataPointSnapshot)
                                            dp)
                                    .getValue());
                }
            }
        }
        return rounds;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir: left for the OS
        }
    }
}
