package org.qoeflow.cli.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * A chaos run on the multi-process local stack: deterministic telemetry is fed in real time while
 * TaskManagers and controllers are killed with SIGKILL and the broker is restarted; the committed
 * QoE scores are then compared window by window with a fault-free reference scoring of the same
 * input, and every control scope's versions are checked to only ever increase.
 */
public final class ChaosRun {
    /** What to run and which faults to inject. */
    public record Options(
            Duration duration,
            int tmKills,
            int brokerRestarts,
            int controllerKills,
            int tmPauses,
            int nodes,
            double requestsPerSecond,
            long seed,
            boolean exactlyOnce) {
        public Options {
            if (duration.toSeconds() < 20) {
                throw new IllegalArgumentException("--duration must be >= 20s, got " + duration);
            }
            if (tmKills < 0 || brokerRestarts < 0 || controllerKills < 0 || tmPauses < 0) {
                throw new IllegalArgumentException("fault counts must be >= 0");
            }
        }
    }

    /** The outcome; {@link #line()} is the command's last line. */
    public record Result(
            long expected, long lost, long duplicated, long mismatched, long regressions) {
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "chaos: windows expected=%d lost=%d duplicated=%d mismatched=%d"
                            + " control_version_regressions=%d",
                    expected,
                    lost,
                    duplicated,
                    mismatched,
                    regressions);
        }

        public boolean clean() {
            return lost == 0 && duplicated == 0 && mismatched == 0 && regressions == 0;
        }
    }

    private static final long WINDOW_MS = 5000;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final long TAIL_SECONDS = 20;

    private final LocalStack stack;
    private final Options o;
    private final PrintStream out;
    private final Map<String, Map<Long, QoeScore>> latest = new ConcurrentHashMap<>();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong regressions = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    public ChaosRun(LocalStack stack, Options options, PrintStream out) {
        this.stack = stack;
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        stack.up(false, false, List.of());
        long start = (System.currentTimeMillis() / WINDOW_MS + 1) * WINDOW_MS;
        int seconds = (int) (o.duration().toSeconds() + TAIL_SECONDS);
        List<Telemetry> input =
                ChaosTelemetry.generate(o.seed(), o.nodes(), o.requestsPerSecond(), seconds, start);
        out.printf(
                Locale.ROOT,
                "chaos: %d records of %d nodes over %d s; faults: %d TaskManager kills, %d broker"
                        + " restarts, %d controller kills%n",
                input.size(),
                o.nodes(),
                seconds,
                o.tmKills(),
                o.brokerRestarts(),
                o.controllerKills());
        new JobSubmitter(stack.flink().rest(), stack.flink().savepointDir(), out)
                .submit(
                        StackHome.locate().jobJar(),
                        o.exactlyOnce()
                                ? List.of("--bootstrap", stack.ports().bootstrap())
                                : List.of(
                                        "--bootstrap",
                                        stack.ports().bootstrap(),
                                        "--at-least-once"),
                        null,
                        false);
        List<Thread> threads = new ArrayList<>();
        threads.add(daemon("chaos-feed", () -> feed(input)));
        threads.add(daemon("chaos-scores", this::collectScores));
        threads.add(daemon("chaos-control", this::watchControl));
        threads.forEach(Thread::start);
        injectFaults(start);
        threads.get(0).join();
        Map<String, Map<Long, QoeScore>> expected = reference(input, start + seconds * 1000L);
        long total = expected.values().stream().mapToLong(Map::size).sum();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && missing(expected) > 0) {
            out.printf(
                    Locale.ROOT,
                    "chaos: waiting for %d of %d windows ...%n",
                    missing(expected),
                    total);
            Thread.sleep(5000);
        }
        Thread.sleep(3000); // late duplicates, if any, would show now
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (sendFailures.get() > 0) {
            throw new IllegalStateException(
                    sendFailures.get()
                            + " telemetry records could not be produced: the input is incomplete");
        }
        return new Result(
                total,
                missing(expected),
                duplicated.get(),
                mismatched(expected),
                regressions.get());
    }

    /**
     * Faults spread over the run, in a seeded order, each followed by the restart a supervisor
     * does.
     */
    private void injectFaults(long start) throws Exception {
        List<String> faults = new ArrayList<>();
        faults.addAll(Collections.nCopies(o.tmKills(), "tm"));
        faults.addAll(Collections.nCopies(o.brokerRestarts(), "broker"));
        faults.addAll(Collections.nCopies(o.controllerKills(), "controller"));
        faults.addAll(Collections.nCopies(o.tmPauses(), "pause"));
        Collections.shuffle(faults, new Random(o.seed()));
        long span = o.duration().toMillis();
        for (int i = 0; i < faults.size(); i++) {
            long at = start + span * (i + 1) / (faults.size() + 1);
            long wait = at - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            progress("fault " + (i + 1) + "/" + faults.size() + ": " + faults.get(i));
            switch (faults.get(i)) {
                case "tm" -> {
                    stack.process(FlinkSessionCluster.TASK_MANAGER).orElseThrow().kill();
                    Thread.sleep(1000);
                    stack.flink().startTaskManager(0);
                }
                case "broker" -> {
                    stack.process(LocalStack.KAFKA)
                            .orElseThrow()
                            .stop(stack.runDir(), Duration.ofSeconds(30));
                    Thread.sleep(2000);
                    stack.startKafka();
                }
                case "pause" -> overload();
                default -> {
                    stack.process(LocalStack.CONTROLLER).orElseThrow().kill();
                    Thread.sleep(1000);
                    stack.startController();
                }
            }
        }
    }

    /**
     * Overload: the TaskManager is stopped (SIGSTOP) for less than the heartbeat timeout while the
     * feed goes on, so input outruns scoring; the lag the job exports (its Kafka source's {@code
     * pendingRecords}, scraped from the TaskManager's Prometheus reporter) must grow and then
     * drain, and the comparison at the end shows nothing lost.
     */
    private void overload() throws Exception {
        FlinkRest rest = stack.flink().rest();
        for (var job : new JobSubmitter(rest, stack.flink().savepointDir(), out).running()) {
            rest.awaitAllTasksRunning(job.id(), Duration.ofMinutes(2));
        }
        LocalProcess tm = stack.process(FlinkSessionCluster.TASK_MANAGER).orElseThrow();
        signal(tm, "STOP");
        Thread.sleep(PAUSE.toMillis());
        long backlog = StackStatus.consumerLag(stack.kafkaProperties());
        signal(tm, "CONT");
        long resumed = System.nanoTime();
        long peak = -1;
        while (System.nanoTime() - resumed < Duration.ofSeconds(5).toNanos()) {
            peak = Math.max(peak, pendingRecords());
            Thread.sleep(10);
        }
        out.printf(
                Locale.ROOT,
                "chaos: overload: after a %d s stall the job's group was %d records behind the"
                        + " topic; its exported pendingRecords peaked at %s after resuming%n",
                PAUSE.toSeconds(),
                backlog,
                peak < 0 ? "(not exported)" : Long.toString(peak));
        overloads.add(new Overload(backlog, peak));
    }

    /** One overload: the group's lag at resume (from Kafka) and the exported metric's peak. */
    public record Overload(long backlog, long pendingRecordsPeak) {}

    private final List<Overload> overloads = Collections.synchronizedList(new ArrayList<>());

    public List<Overload> overloads() {
        return List.copyOf(overloads);
    }

    private static final Duration PAUSE = Duration.ofSeconds(8);

    private static void signal(LocalProcess p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        if (k.waitFor() != 0) {
            throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed");
        }
    }

    /** Sum of the job's Kafka source pendingRecords as the TaskManager's reporter exports it. */
    private long pendingRecords() {
        try {
            var req =
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(
                                            "http://"
                                                    + stack.ports()
                                                            .address(StackPorts.FLINK_TM_METRICS)
                                                    + "/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build();
            String body = HTTP.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("flink_taskmanager_job_task_operator_pendingRecords")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return Math.round(sum);
        } catch (Exception e) {
            return -1;
        }
    }

    private void progress(String what) {
        long windows = latest.values().stream().mapToLong(Map::size).sum();
        out.printf(
                Locale.ROOT,
                "chaos: sent %d records, %d windows scored so far; %s%n",
                sent.get(),
                windows,
                what);
    }

    /** Produces every record when its event time comes, idempotently, retrying through restarts. */
    private void feed(List<Telemetry> input) {
        Properties p = stack.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (var producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Telemetry t : input) {
                long wait = t.getEventTime().toEpochMilli() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.send(
                        new ProducerRecord<>(
                                Topics.TELEMETRY.name(),
                                null,
                                t.getEventTime().toEpochMilli(),
                                TopicDescriptor.key(t.getNodeId()),
                                Topics.TELEMETRY.codec().encode(t)),
                        (md, e) -> {
                            if (e != null) {
                                sendFailures.incrementAndGet();
                            }
                        });
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads a topic's committed records from its start, without a consumer group: a group would
     * rejoin after a broker restart and, with nothing committed, read everything again.
     */
    private KafkaConsumer<byte[], byte[]> committedReader(String topic) {
        Properties p = stack.kafkaProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Keeps the latest revision of every (node, window); a revision seen twice is a duplicate. */
    private void collectScores() {
        Map<String, Integer> seen = new HashMap<>();
        try (var c = committedReader(Topics.QOE_SCORES.name())) {
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    QoeScore s;
                    try {
                        s = Topics.QOE_SCORES.codec().decode(r.value());
                    } catch (Exception e) {
                        continue;
                    }
                    long w = s.getWindowStart().toEpochMilli();
                    String id = s.getNodeId() + "@" + w + "#" + s.getRevision();
                    if (seen.merge(id, 1, Integer::sum) > 1) {
                        duplicated.incrementAndGet();
                    }
                    latest.computeIfAbsent(s.getNodeId(), n -> new ConcurrentHashMap<>())
                            .merge(w, s, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
                }
            }
        }
    }

    /** Every scope's versions, in the committed order of the control topic, must increase. */
    private void watchControl() {
        Map<String, Long> last = new HashMap<>();
        try (var c = committedReader(Topics.CONTROL.name())) {
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        ControlUpdate u = Topics.CONTROL.codec().decode(r.value());
                        Long before = last.put(u.getScope(), u.getVersion());
                        if (before != null && u.getVersion() <= before) {
                            regressions.incrementAndGet();
                            out.println(
                                    "chaos: control version regression on "
                                            + u.getScope()
                                            + ": v"
                                            + before
                                            + " then v"
                                            + u.getVersion());
                        }
                    } catch (Exception ignored) {
                        // only the controller writes here; an undecodable record is not a version
                    }
                }
            }
        }
    }

    /** The same input scored in-process without faults: windows the job must have closed. */
    static Map<String, Map<Long, QoeScore>> reference(List<Telemetry> input, long end) {
        WindowedScorer scorer = new WindowedScorer(WINDOW_MS, new QoeMath(QoeOptions.DEFAULTS));
        input.forEach(scorer::add);
        Map<String, Map<Long, QoeScore>> expected = new HashMap<>();
        for (QoeScore s : scorer.advanceTo(end - TAIL_SECONDS * 1000 / 2)) {
            expected.computeIfAbsent(s.getNodeId(), n -> new HashMap<>())
                    .put(s.getWindowStart().toEpochMilli(), s);
        }
        return expected;
    }

    private long missing(Map<String, Map<Long, QoeScore>> expected) {
        long m = 0;
        for (var e : expected.entrySet()) {
            Map<Long, QoeScore> got = latest.getOrDefault(e.getKey(), Map.of());
            for (Long w : e.getValue().keySet()) {
                m += got.containsKey(w) ? 0 : 1;
            }
        }
        return m;
    }

    private long mismatched(Map<String, Map<Long, QoeScore>> expected) {
        long m = 0;
        for (var e : expected.entrySet()) {
            Map<Long, QoeScore> got = latest.getOrDefault(e.getKey(), Map.of());
            for (var w : e.getValue().entrySet()) {
                QoeScore g = got.get(w.getKey());
                if (g != null && !same(w.getValue(), g)) {
                    if (m++ < 3) {
                        out.println(
                                "chaos: mismatch "
                                        + e.getKey()
                                        + "@"
                                        + w.getKey()
                                        + ": expected "
                                        + w.getValue()
                                        + " got "
                                        + g);
                    }
                }
            }
        }
        return m;
    }

    static boolean same(QoeScore a, QoeScore b) {
        return a.getRequestCount() == b.getRequestCount()
                && a.getSampleCount() == b.getSampleCount()
                && close(a.getSuccessRate(), b.getSuccessRate())
                && close(a.getLatencyP50Ms(), b.getLatencyP50Ms())
                && close(a.getLatencyP95Ms(), b.getLatencyP95Ms())
                && close(a.getLatencyP99Ms(), b.getLatencyP99Ms())
                && close(a.getLoadWeight(), b.getLoadWeight())
                && close(a.getQoeIndex(), b.getQoeIndex());
    }

    private static boolean close(double a, double b) {
        return (Double.isNaN(a) && Double.isNaN(b))
                || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
