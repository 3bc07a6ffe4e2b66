package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Fills the telemetry topic with {@code events} records of the fleet model ({@link BenchFleet}),
 * event times ending before the wall clock. The model steps on this thread; each step's records are
 * encoded in parallel, then sent in order (so each node's events stay in event-time order).
 */
final class TelemetryPreload {
    private TelemetryPreload() {}

    /** What was written. */
    record Result(long records, long bytes, int nodesSeen, double seconds) {}

    static Result run(Properties kafka, int nodes, long events, PrintWriter out) throws Exception {
        Scenario scenario = BenchFleet.of(nodes, 42);
        // Events per simulated second: one sample and 2.5 requests per device, and the clouds'.
        double perSecond = nodes * (1 + BenchFleet.REQUESTS_PER_DEVICE);
        long simulatedMs = (long) Math.ceil(events / perSecond * 1000) + 10_000;
        long epoch = System.currentTimeMillis() - simulatedMs - 60_000;
        List<Telemetry> step = new ArrayList<>();
        FleetModel model = new FleetModel(scenario, epoch, step::add);
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Progress progress = new Progress(out, "preload", events);
        long start = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(kafka))) {
            for (long t = 0; sent < events; t += FleetModel.STEP_MS) {
                model.step(t, t + FleetModel.STEP_MS, r -> {});
                int n = (int) Math.min(step.size(), events - sent);
                byte[][] values = new byte[n][];
                java.util.stream.IntStream.range(0, n)
                        .parallel()
                        .forEach(i -> values[i] = Topics.TELEMETRY.codec().encode(step.get(i)));
                for (int i = 0; i < n; i++) {
                    Telemetry e = step.get(i);
                    seen.add(e.getNodeId());
                    bytes.addAndGet(values[i].length);
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.TELEMETRY.name(),
                                    null,
                                    e.getEventTime().toEpochMilli(),
                                    TopicDescriptor.key(e.getNodeId()),
                                    values[i]),
                            (meta, ex) -> {
                                if (ex != null) {
                                    failed.compareAndSet(null, ex);
                                }
                            });
                }
                sent += n;
                step.clear();
                progress.update(sent);
                if (failed.get() != null) {
                    throw new IllegalStateException(
                            "preload: the broker refused telemetry: " + failed.get().getMessage(),
                            failed.get());
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "preload: the broker refused telemetry: " + failed.get().getMessage(),
                    failed.get());
        }
        return new Result(sent, bytes.get(), seen.size(), (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Object> producerProps(Properties kafka) {
        Map<String, Object> p = new java.util.HashMap<>();
        kafka.forEach((k, v) -> p.put((String) k, v));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L << 20));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "qoeflow-bench-preload");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
