package org.qoeflow.controller.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.ScopeSummaries;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.ControlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the control loop: read scores into the fleet view, run the law when a window's scores are in
 * ({@link DecisionTrigger}), publish versioned updates. One bad iteration is logged and counted,
 * never fatal.
 */
public final class ControllerExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerExecutor.class);

    private final ControlLaw law;
    private final ScoreSource source;
    private final Leadership leadership;
    private final VersionLedger versions;
    private final ControllerMetrics metrics;
    private final Clock clock;
    private final FleetView view = new FleetView();

    /**
     * The edge scopes' summaries when deciding on them ({@link #withScopeSummaries}), else null.
     */
    private ScopeSummaries summaries;

    private final ScoreIntake intake;
    private final Duration futureSkew;
    private final DecisionTrigger trigger;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "qoeflow-controller");
                        t.setDaemon(true);
                        return t;
                    });
    private int term;
    private volatile boolean leading;
    private Boolean lastLeading;
    private volatile ControlUpdate lastUpdate;
    private volatile RoundObserver rounds = (why, now, decided) -> {};

    /** Sees each law round: why it ran, when, and what the law decided (before publishing). */
    @FunctionalInterface
    public interface RoundObserver {
        void round(DecisionTrigger.Reason why, long now, List<Decision> decided);
    }

    /** A controller that always leads and writes to {@code sink}. */
    public ControllerExecutor(
            ControlLaw law,
            ScoreSource source,
            ControlSink sink,
            VersionLedger versions,
            ControllerMetrics metrics,
            Clock clock) {
        this(law, source, Leadership.always(sink, Map.of()), versions, metrics, clock);
    }

    /** A controller that writes only while {@code leadership} says so, with default limits. */
    public ControllerExecutor(
            ControlLaw law,
            ScoreSource source,
            Leadership leadership,
            VersionLedger versions,
            ControllerMetrics metrics,
            Clock clock) {
        this(law, source, leadership, versions, metrics, clock, ScoreLimits.DEFAULTS);
    }

    /**
     * A controller that writes only while {@code leadership} says so and admits only scores within
     * {@code limits}.
     */
    public ControllerExecutor(
            ControlLaw law,
            ScoreSource source,
            Leadership leadership,
            VersionLedger versions,
            ControllerMetrics metrics,
            Clock clock,
            ScoreLimits limits) {
        this(
                law,
                source,
                leadership,
                versions,
                metrics,
                clock,
                limits,
                DecisionTrigger.Options.DEFAULTS);
    }

    /**
     * As above, deciding when {@code decisions} says (on a window's scores by default, or on the
     * fixed clock).
     */
    public ControllerExecutor(
            ControlLaw law,
            ScoreSource source,
            Leadership leadership,
            VersionLedger versions,
            ControllerMetrics metrics,
            Clock clock,
            ScoreLimits limits,
            DecisionTrigger.Options decisions) {
        this.law = law;
        this.trigger =
                new DecisionTrigger(
                        decisions,
                        law.options().loop().decisionInterval(),
                        law.options().loop().window(),
                        law.options().drain().successFloor());
        this.intake = new ScoreIntake(limits, law.options().loop().staleAfter(), metrics, trigger);
        this.futureSkew = limits.futureSkew();
        this.source = source;
        this.leadership = leadership;
        this.versions = versions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Decides on the edge scopes' summaries ({@link ScoreSource.Batch#summaries}) and the cloud
     * nodes' scores instead of on every device's score; call before {@link #start}.
     */
    public ControllerExecutor withScopeSummaries() {
        this.summaries = new ScopeSummaries();
        return this;
    }

    /**
     * Hands every law round to {@code observer} on the controller's thread (a decision log; it must
     * not block); call before {@link #start}.
     */
    public ControllerExecutor withRoundObserver(RoundObserver observer) {
        this.rounds = java.util.Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Starts the loop on its own thread. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::runSafely, 0, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Iterates back to back while polls return records, so the intake is bounded by the consumer
     * and the view rather than by the schedule's pause (one poll per pause capped a controller at
     * {@code max.poll.records} per 100 ms).
     */
    private void runSafely() {
        try {
            while (runOnce(Duration.ofMillis(200)) > 0 && !scheduler.isShutdown()) {
                // the next poll has records waiting
            }
        } catch (Exception e) {
            metrics.errors.inc();
            LOG.warn("controller iteration failed, retrying next round", e);
        }
    }

    /**
     * One iteration: poll, and decide and publish if the {@link DecisionTrigger} says a decision is
     * due.
     *
     * @return how many records the poll returned ({@link ScoreSource.Batch#size})
     */
    public synchronized int runOnce(Duration pollTimeout) throws Exception {
        ScoreSource.Batch batch = source.poll(pollTimeout);
        int polled = batch.size();
        long now = clock.millis();
        intake.admit(batch, view, now);
        intake.admitVerdicts(batch, law.cohortVerdicts(), futureSkew, now);
        if (summaries != null) {
            intake.admitSummaries(batch, summaries, futureSkew, now);
        }
        metrics.scores.inc(batch.scores().size());
        Leadership.Term t = leadership.current();
        metrics.leader.set(t == null ? 0 : 1);
        logLeadershipChange(t);
        leading = t != null;
        if (t == null) {
            return polled; // standby: keep the fleet view warm, write nothing
        }
        if (t.number() != term) {
            restore(t.recovered(), versions, law, metrics);
            LOG.info(
                    "leading term {}: resumed {} scopes from the control topic",
                    t.number(),
                    t.recovered().size());
            term = t.number();
            trigger.restart();
        }
        DecisionTrigger.Reason why = trigger.due(now);
        if (why == null) {
            return polled;
        }
        trigger.decided(why, now);
        metrics.decisionTriggers.labelValues(why.name().toLowerCase(java.util.Locale.ROOT)).inc();
        long started = System.nanoTime();
        try {
            decide(t, now, why);
        } finally {
            metrics.decisionSeconds.observe((System.nanoTime() - started) / 1e9);
        }
        return polled;
    }

    /** Runs the law at {@code now} and publishes what it decides under term {@code t}. */
    private void decide(Leadership.Term t, long now, DecisionTrigger.Reason why) throws Exception {
        List<Decision> decided =
                summaries == null ? law.decide(view, now) : law.decide(summaries, view, now);
        try {
            rounds.round(why, now, decided);
        } catch (RuntimeException e) {
            LOG.warn("round observer failed", e);
        }
        for (Decision d : decided) {
            ControlUpdate u;
            try {
                u = toUpdate(d, now);
            } catch (VersionLedger.VersionExhaustedException e) {
                metrics.versionsExhausted.inc();
                LOG.error("not publishing {}: {}", d.scope(), e.getMessage());
                continue;
            }
            try {
                t.sink().publish(u);
            } catch (TransactionalControlSink.FencedException e) {
                LOG.warn("fenced by a newer controller in term {}: writes stop", t.number());
                leadership.fenced(t);
                metrics.fenced.inc();
                leading = false;
                return;
            }
            law.markPublished(d, now);
            if (lastUpdate == null) {
                LOG.info(
                        "first control update published: {} v{} ({})",
                        u.getScope(),
                        u.getVersion(),
                        u.getReason());
            }
            lastUpdate = u;
            metrics.lastPublish.set(now / 1000.0);
            metrics.updates.labelValues(u.getKind().name()).inc();
            metrics.latestVersion.labelValues(u.getScope()).set(u.getVersion());
        }
        metrics.nodesTracked.set(view.size());
        // Once per round, not per poll: the lag walks the whole view (O(nodes)).
        exportLag(now);
    }

    private void logLeadershipChange(Leadership.Term t) {
        Boolean now = t != null;
        if (now.equals(lastLeading)) {
            return;
        }
        if (now) {
            LOG.info("became leader (term {})", t.number());
        } else if (lastLeading == null) {
            LOG.info("standing by: another instance leads or the election is pending");
        } else {
            LOG.warn("lost leadership: standing by, writing nothing");
        }
        lastLeading = now;
    }

    private ControlUpdate toUpdate(Decision d, long now) {
        return ControlUpdate.newBuilder()
                .setScope(d.scope())
                .setKind(d.kind())
                .setVersion(versions.next(d.scope()))
                .setIssuedAt(Instant.ofEpochMilli(now))
                .setValidUntil(
                        Instant.ofEpochMilli(now + law.options().loop().validity().toMillis()))
                .setOffloadThresholdMs(d.offloadThresholdMs())
                .setRoutingWeights(d.routingWeights() == null ? Map.of() : d.routingWeights())
                .setReason(d.reason())
                .build();
    }

    private void exportLag(long now) {
        long cutoff = now - law.options().loop().staleAfter().toMillis();
        Map<String, Long> latest = versions.snapshot();
        Map<String, Long> appliedMin =
                new java.util.HashMap<>(
                        view.appliedVersionMin(cutoff, law.options().loop().regionScopes()));
        if (summaries != null) {
            appliedMin.putAll(
                    summaries.appliedVersionMin(cutoff, law.options().loop().regionScopes()));
        }
        appliedMin.forEach(
                (scope, applied) -> {
                    Long published = latest.get(scope);
                    if (published != null) {
                        metrics.versionLag.labelValues(scope).set(Math.max(0, published - applied));
                    }
                });
        metrics.staleScopes.set(law.staleScopes().size());
        law.admissionCaps()
                .forEach((scope, cap) -> metrics.admissionCap.labelValues(scope).set(cap));
        law.offloadDemand()
                .forEach(
                        (region, d) -> {
                            metrics.offloadDemand
                                    .labelValues(region, "offered")
                                    .set(d.offeredRps());
                            metrics.offloadDemand
                                    .labelValues(region, "admitted")
                                    .set(d.admittedRps());
                            metrics.offloadDemand
                                    .labelValues(region, "deferred")
                                    .set(d.deferredRps());
                        });
    }

    /**
     * Resumes the version sequence and the law's last decisions from the control topic. A record
     * the ledger or the law refuses is skipped and counted as invalid, so it cannot make later
     * decisions throw.
     */
    public static void restore(
            Map<String, ControlUpdate> latest,
            VersionLedger versions,
            ControlLaw law,
            ControllerMetrics metrics) {
        for (ControlUpdate u : latest.values()) {
            try {
                Decision d =
                        new Decision(
                                u.getScope(),
                                u.getKind(),
                                u.getOffloadThresholdMs(),
                                u.getRoutingWeights(),
                                u.getReason());
                long issuedAt = u.getIssuedAt().toEpochMilli();
                law.checkRestorable(d);
                versions.restore(u.getScope(), u.getVersion());
                law.restore(d, issuedAt);
            } catch (RuntimeException e) {
                metrics.recoveryRecordRejected(RecoveryTrust.Verdict.INVALID);
                LOG.warn("not resuming scope {}: {}", u.getScope(), e.toString());
            }
        }
    }

    /** Whether the last iteration ran as the leader. */
    public boolean leading() {
        return leading;
    }

    /** Scores refused at this controller's boundary, by reason. */
    public Map<String, Long> scoresRejected() {
        return metrics.scoresRejectedByReason();
    }

    public ControlUpdate lastUpdate() {
        return lastUpdate;
    }

    public Map<String, Long> versions() {
        synchronized (this) {
            return versions.snapshot();
        }
    }

    @Override
    public void close() throws Exception {
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            source.close();
            leadership.close();
        }
    }
}
