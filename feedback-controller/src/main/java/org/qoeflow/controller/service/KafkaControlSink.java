package org.qoeflow.controller.service;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/** Publishes control updates keyed by scope, waiting for the broker's acknowledgement. */
public final class KafkaControlSink implements ControlSink {
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaControlSink(Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("acks", "all");
        p.setProperty("enable.idempotence", "true");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(ControlUpdate u) throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.CONTROL.name(),
                                null,
                                u.getIssuedAt().toEpochMilli(),
                                TopicDescriptor.key(u.getScope()),
                                Topics.CONTROL.codec().encode(u)))
                .get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
