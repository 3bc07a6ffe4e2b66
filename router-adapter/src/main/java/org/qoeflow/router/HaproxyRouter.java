package org.qoeflow.router;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a load balancer's server weights at the ones {@link RoutingState} holds: right after an
 * update is accepted, and on a schedule that reads the weights back and repairs drift (a restarted
 * HAProxy comes back with its configured weights). A failed call is logged, counted and retried at
 * the next sync; it never stops the loop.
 */
public final class HaproxyRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyRouter.class);

    private final RoutingState state;
    private final RuntimeApi api;
    private final Set<String> backends;
    private final Set<String> regions;
    private final RouterMetrics metrics;
    private final LongSupplier clock;
    private final Duration every;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "router-sync");
                        t.setDaemon(true);
                        return t;
                    });

    /** What this router last saw HAProxy accept per server: a later difference is drift. */
    private final Map<ServerRef, Integer> confirmed = new HashMap<>();

    private volatile boolean started;

    public HaproxyRouter(
            RouterConfig config,
            RoutingState state,
            RuntimeApi api,
            RouterMetrics metrics,
            LongSupplier clock) {
        this.state = state;
        this.api = api;
        this.backends = config.backends();
        this.regions = config.regions().keySet();
        this.metrics = metrics;
        this.clock = clock;
        this.every = config.resyncEvery();
        regions.forEach(r -> metrics.appliedVersion(r, 0));
    }

    /** Starts the periodic sync; before this, syncs happen only when {@link #sync} is called. */
    public void start() {
        started = true;
        loop.scheduleWithFixedDelay(this::syncQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Offers a decoded control update (the control listener's sink); syncs at once if applied. */
    public Outcome offer(ControlUpdate u, long nowMillis) {
        Outcome outcome = state.offer(u, nowMillis);
        if (!state.routes(u)) {
            metrics.ignored();
            return outcome;
        }
        metrics.update(outcome);
        if (outcome == Outcome.APPLIED) {
            regions.forEach(r -> metrics.appliedVersion(r, state.appliedVersion(r)));
            if (started && !loop.isShutdown()) {
                loop.execute(this::syncQuietly);
            }
        }
        return outcome;
    }

    /** Counts a control record that could not be decoded. */
    public void undecodable() {
        metrics.undecodable();
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.error("router sync failed; retrying in {}", every, e);
            metrics.error("read");
        }
    }

    /**
     * Reads every mapped backend's weights and sets those that differ from the weights in force;
     * returns whether the load balancer now matches them.
     */
    public synchronized boolean sync() {
        if (state.desired().isEmpty()) {
            return true; // no update accepted yet: HAProxy keeps its configured weights
        }
        Map<ServerRef, Integer> observed = new HashMap<>();
        for (String backend : backends) {
            try {
                observed.putAll(api.weights(backend));
            } catch (IOException e) {
                LOG.warn("cannot read weights of backend {}: {}", backend, e.getMessage());
                metrics.error("read");
                return false;
            }
        }
        List<ServerRef> missing = new ArrayList<>();
        boolean ok = true;
        for (RoutingState.Change c : state.plan(observed, missing)) {
            ok &= set(c);
        }
        metrics.missingServers(missing.size());
        if (!missing.isEmpty()) {
            LOG.warn("mapped servers HAProxy does not have: {}", missing);
        }
        if (ok && missing.isEmpty()) {
            metrics.synced(clock.getAsLong());
        }
        return ok && missing.isEmpty();
    }

    private boolean set(RoutingState.Change c) {
        boolean drift = Integer.valueOf(c.to()).equals(confirmed.get(c.server()));
        try {
            api.setWeight(c.server(), c.to());
        } catch (IOException e) {
            LOG.warn("cannot set weight of {} to {}: {}", c.server(), c.to(), e.getMessage());
            metrics.error("set");
            return false;
        }
        confirmed.put(c.server(), c.to());
        metrics.weightChanged(drift);
        if (drift) {
            LOG.info("{} drifted to weight {}; set back to {}", c.server(), c.from(), c.to());
        } else {
            LOG.info("{} weight {} -> {}", c.server(), c.from(), c.to());
        }
        return true;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
