package org.qoeflow.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.common.Durations;
import org.qoeflow.common.KafkaClientProperties;
import org.qoeflow.schema.RecordFile;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Records a topic's records to a file (the format of {@link RecordFile}). */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Record a topic to a file.")
public final class TailCommand implements Callable<Integer> {
    @Option(
            names = "--topic",
            defaultValue = "telemetry",
            description = "telemetry, qoe-scores, control, dlq, anomaly-scores")
    String topic;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--duration", defaultValue = "60s")
    String duration;

    @Option(names = "--from-beginning")
    boolean fromBeginning;

    @Option(names = "--bootstrap")
    String bootstrap;

    @Option(names = "--kafka-properties")
    Path kafkaProperties;

    @Override
    public Integer call() {
        TopicDescriptor<?> descriptor =
                Topics.all().stream()
                        .filter(t -> t.name().equals("qoeflow." + topic + ".v1"))
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalArgumentException("unknown --topic " + topic));
        Properties p =
                KafkaClientProperties.with(KafkaClientProperties.load(kafkaProperties), bootstrap);
        p.setProperty("group.id", "qoeflow-tail-" + UUID.randomUUID());
        p.setProperty("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        long end = System.nanoTime() + Durations.parse(duration).toNanos();
        try (var consumer =
                        new KafkaConsumer<>(
                                p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                RecordFile.Writer writer = new RecordFile.Writer(out)) {
            consumer.subscribe(List.of(descriptor.name()));
            long lastReport = System.nanoTime();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() != null) {
                        writer.write(r.value());
                    }
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    System.out.println("recorded " + writer.count() + " records");
                    lastReport = System.nanoTime();
                }
            }
            System.out.println("recorded " + writer.count() + " records to " + out);
        }
        return 0;
    }
}
