package org.qoeflow.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs an {@link EmbeddedKafka} broker as a standalone process until it is killed. */
public final class EmbeddedKafkaMain {
    static final String USAGE =
            "Usage: EmbeddedKafkaMain [--port N (default 9092, 0 = free)]"
                    + " [--controller-port N (default 0 = free)] [--log-dir DIR (default: temp,"
                    + " deleted on exit)] [--partitions N (default 1)]";

    private EmbeddedKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBuilder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedKafka kafka = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    kafka.close();
                                    stopped.countDown();
                                },
                                "embedded-kafka-shutdown"));
        System.out.println(
                "Kafka broker ready: bootstrap.servers="
                        + kafka.bootstrapServers()
                        + " log.dirs="
                        + kafka.logDir());
        stopped.await();
    }

    static EmbeddedKafkaBuilder parse(String[] args) {
        EmbeddedKafkaBuilder builder = EmbeddedKafka.builder().port(9092);
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for " + flag);
            }
            String value = args[i + 1];
            switch (flag) {
                case "--port" -> builder.port(parseInt(flag, value));
                case "--controller-port" -> builder.controllerPort(parseInt(flag, value));
                case "--log-dir" -> builder.logDir(Path.of(value));
                case "--partitions" -> builder.defaultPartitions(parseInt(flag, value));
                default -> throw new IllegalArgumentException("Unknown option " + flag);
            }
        }
        return builder;
    }

    private static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, was '" + value + "'");
        }
    }
}
