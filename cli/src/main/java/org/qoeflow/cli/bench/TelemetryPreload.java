package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Fills the telemetry topic with {@code events} records of {@code nodes} devices, fast: the fleet
 * model simulates at most {@link #MODEL_DEVICES} devices (its physics: requests, samples, the cloud
 * nodes serving offloads), and each of their encoded events is written once per replica under the
 * replica's own node id ({@code <id>-r<k>}, patched into the Avro bytes: node_id is the record's
 * first field). Event times end before the wall clock; each node's events stay in order.
 */
final class TelemetryPreload {
    static final int MODEL_DEVICES = 1000;

    /** Avro single-object header: marker and schema fingerprint. */
    private static final int HEADER = 10;

    private TelemetryPreload() {}

    /** What was written. */
    record Result(long records, long bytes, int nodes, double seconds) {}

    static Result run(Properties kafka, int nodes, long events, PrintWriter out) throws Exception {
        int replicas = (nodes + MODEL_DEVICES - 1) / MODEL_DEVICES;
        int devices = (nodes + replicas - 1) / replicas;
        // Events per simulated second: one sample and 2.5 requests per device, plus the clouds'.
        double perSecond = (double) devices * replicas * (1 + BenchFleet.REQUESTS_PER_DEVICE);
        long simulatedMs = (long) Math.ceil(events / perSecond * 1000) + 10_000;
        long epoch = System.currentTimeMillis() - simulatedMs - 60_000;
        List<Telemetry> step = new ArrayList<>();
        FleetModel model = new FleetModel(BenchFleet.of(devices, 42), epoch, step::add);
        Map<String, byte[][]> ids = new HashMap<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Progress progress = new Progress(out, "preload", events);
        long start = System.nanoTime();
        long sent = 0;
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps(kafka, "qoeflow-bench-preload"))) {
            for (long t = 0; sent < events; t += FleetModel.STEP_MS) {
                model.step(t, t + FleetModel.STEP_MS, r -> {});
                for (int i = 0; i < step.size() && sent < events; i++) {
                    Telemetry e = step.get(i);
                    byte[] value = Topics.TELEMETRY.codec().encode(e);
                    int idEnd = idEnd(value);
                    byte[][] replicaIds =
                            ids.computeIfAbsent(e.getNodeId(), id -> replicaIds(id, replicas));
                    for (int r = 0; r < replicas && sent < events; r++) {
                        byte[] v = withNodeId(value, idEnd, replicaIds[2 * r + 1]);
                        bytes += v.length;
                        sent++;
                        producer.send(
                                new ProducerRecord<>(
                                        Topics.TELEMETRY.name(),
                                        null,
                                        e.getEventTime().toEpochMilli(),
                                        replicaIds[2 * r],
                                        v),
                                (meta, ex) -> {
                                    if (ex != null) {
                                        failed.compareAndSet(null, ex);
                                    }
                                });
                    }
                }
                step.clear();
                progress.update(sent);
                checkFailed(failed);
            }
            producer.flush();
        }
        checkFailed(failed);
        int nodeIds = ids.size() * replicas;
        return new Result(sent, bytes, nodeIds, (System.nanoTime() - start) / 1e9);
    }

    /** {@code value} (an encoded Telemetry) with its node_id replaced by {@code nodeId}. */
    static byte[] renamed(byte[] value, String nodeId) {
        return withNodeId(value, idEnd(value), replicaIds(nodeId, 1)[1]);
    }

    private static void checkFailed(AtomicReference<Exception> failed) {
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "preload: the broker refused telemetry: " + failed.get().getMessage(),
                    failed.get());
        }
    }

    /** Per replica: the Kafka key, then the Avro encoding of the id (length varint + UTF-8). */
    private static byte[][] replicaIds(String id, int replicas) {
        byte[][] out = new byte[2 * replicas][];
        for (int r = 0; r < replicas; r++) {
            String name = replicas == 1 ? id : id + "-r" + r;
            out[2 * r] = TopicDescriptor.key(name);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            byte[] len = varint(utf8.length);
            byte[] enc = new byte[len.length + utf8.length];
            System.arraycopy(len, 0, enc, 0, len.length);
            System.arraycopy(utf8, 0, enc, len.length, utf8.length);
            out[2 * r + 1] = enc;
        }
        return out;
    }

    /** Offset just past the encoded node_id. */
    private static int idEnd(byte[] value) {
        int pos = HEADER;
        long raw = 0;
        int shift = 0;
        byte b;
        do {
            b = value[pos++];
            raw |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        long length = (raw >>> 1) ^ -(raw & 1);
        return pos + (int) length;
    }

    private static byte[] withNodeId(byte[] value, int idEnd, byte[] encodedId) {
        byte[] v = new byte[HEADER + encodedId.length + value.length - idEnd];
        System.arraycopy(value, 0, v, 0, HEADER);
        System.arraycopy(encodedId, 0, v, HEADER, encodedId.length);
        System.arraycopy(value, idEnd, v, HEADER + encodedId.length, value.length - idEnd);
        return v;
    }

    /** Avro's zig-zag varint of a non-negative int. */
    private static byte[] varint(int n) {
        long z = ((long) n << 1) ^ ((long) n >> 63);
        byte[] buf = new byte[10];
        int i = 0;
        while ((z & ~0x7FL) != 0) {
            buf[i++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[i++] = (byte) z;
        return java.util.Arrays.copyOf(buf, i);
    }

    /** A bulk preload producer of raw bytes: batched, lz4, acks=all, idempotent. */
    static Map<String, Object> producerProps(Properties kafka, String clientId) {
        Map<String, Object> p = new HashMap<>();
        kafka.forEach((k, v) -> p.put((String) k, v));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L << 20));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
