package org.qoeflow.fleet.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.fleet.FleetObserver;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.FleetStats;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.client.ControlListener;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FleetSimulator} in real time against Kafka: publishes its telemetry to {@link
 * Topics#TELEMETRY} and feeds it the control updates read from {@link Topics#CONTROL}.
 */
public final class FleetRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetRunner.class);

    private final FleetSimulator simulator;
    private final Duration tick;
    private final LongSupplier clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ControlListener listener;
    private final FleetObserver observer;
    private final ScheduledExecutorService ticker;
    private final AtomicLong eventsPublished = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong tickFailures = new AtomicLong();
    private long simulatedUpTo;
    private boolean started;
    private boolean closed;

    /** A runner on the wall clock; {@code kafka} holds bootstrap.servers and pass-through keys. */
    public FleetRunner(Properties kafka, FleetSimulator simulator, Duration tick) {
        this(kafka, simulator, tick, FleetObserver.NONE);
    }

    /** A runner on the wall clock that reports what it does to {@code observer}. */
    public FleetRunner(
            Properties kafka, FleetSimulator simulator, Duration tick, FleetObserver observer) {
        this(kafka, simulator, tick, System::currentTimeMillis, observer);
    }

    FleetRunner(Properties kafka, FleetSimulator simulator, Duration tick, LongSupplier clock) {
        this(kafka, simulator, tick, clock, FleetObserver.NONE);
    }

    FleetRunner(
            Properties kafka,
            FleetSimulator simulator,
            Duration tick,
            LongSupplier clock,
            FleetObserver observer) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be > 0, was " + tick);
        }
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.tick = tick;
        this.clock = clock;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.producer = new KafkaProducer<>(producerProps(kafka));
        this.listener =
                new ControlListener(kafka, this::applyControl, observer::undecodableControl, clock);
        this.ticker =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fleet-runner-tick"));
    }

    private static Properties producerProps(Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "qoeflow-fleet-sim");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Starts the control consumer and the simulation ticks from now on. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "runner is closed" : "runner already started");
        }
        started = true;
        simulatedUpTo = clock.getAsLong();
        listener.start();
        long periodMs = tick.toMillis();
        ticker.scheduleAtFixedRate(this::tickSafely, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tickOnce();
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule; the next one simulates the gap.
            tickFailures.incrementAndGet();
            LOG.warn("fleet tick failed", e);
        }
    }

    /** Advances the simulator to the wall clock and publishes what happened. */
    void tickOnce() {
        long now = clock.getAsLong();
        List<Telemetry> events;
        synchronized (simulator) {
            if (now <= simulatedUpTo) {
                return;
            }
            events = simulator.advance(simulatedUpTo, now);
            simulatedUpTo = now;
        }
        observer.telemetry(events);
        TopicDescriptor<Telemetry> topic = Topics.TELEMETRY;
        for (Telemetry t : events) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic.name(),
                            null,
                            t.getEventTime().toEpochMilli(),
                            TopicDescriptor.key(t.getNodeId()),
                            topic.codec().encode(t));
            producer.send(
                    record,
                    (meta, e) -> {
                        if (e == null) {
                            eventsPublished.incrementAndGet();
                            observer.published();
                            return;
                        }
                        observer.publishFailed();
                        if (publishFailures.getAndIncrement() == 0) {
                            LOG.warn(
                                    "could not publish telemetry (further failures only counted)",
                                    e);
                        }
                    });
        }
    }

    private Outcome applyControl(ControlUpdate u, long nowMillis) {
        Outcome outcome;
        long version;
        synchronized (simulator) {
            outcome = simulator.apply(u, nowMillis);
            version = simulator.appliedVersion(u.getScope());
        }
        observer.control(u, outcome, version);
        return outcome;
    }

    /** Telemetry records the broker acknowledged. */
    public long eventsPublished() {
        return eventsPublished.get();
    }

    /** Telemetry records the producer gave up on. */
    public long publishFailures() {
        return publishFailures.get();
    }

    /** Ticks that threw (logged and skipped). */
    public long tickFailures() {
        return tickFailures.get();
    }

    /** Control updates decoded and offered to the fleet, whatever the outcome. */
    public long controlUpdatesReceived() {
        return listener.received();
    }

    /** Control updates decoded but not applied (duplicate, stale, expired or invalid). */
    public long controlUpdatesRejected() {
        return listener.rejected();
    }

    /** Control records that could not be decoded (skipped). */
    public long controlUpdatesUndecodable() {
        return listener.undecodable();
    }

    /** The control version the fleet holds for {@code scope}. */
    public long appliedVersion(String scope) {
        synchronized (simulator) {
            return simulator.appliedVersion(scope);
        }
    }

    /** How many control updates ended with {@code outcome}. */
    public long controlOutcomes(Outcome outcome) {
        synchronized (simulator) {
            return simulator.controlOutcomes(outcome);
        }
    }

    /** Every control update the fleet holds (applied, so verified), by scope; a copy. */
    public java.util.Map<String, org.qoeflow.schema.ControlUpdate> heldControl() {
        synchronized (simulator) {
            return simulator.heldControl();
        }
    }

    public FleetStats stats() {
        synchronized (simulator) {
            return simulator.stats();
        }
    }

    /** Stops ticking and consuming, then flushes and closes the producer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("fleet tick did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
        producer.close(Duration.ofSeconds(10));
    }
}
