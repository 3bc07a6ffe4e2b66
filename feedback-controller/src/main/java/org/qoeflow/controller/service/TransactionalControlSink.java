package org.qoeflow.controller.service;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Publishes control updates in Kafka transactions under one transactional id shared by every
 * controller instance: when a new leader initializes it, the broker fences the previous writer, so
 * a deposed leader that still believes it leads cannot write.
 */
public final class TransactionalControlSink implements ControlSink {
    /** This writer has been fenced by a newer one and must stop writing. */
    public static final class FencedException extends Exception {
        FencedException(Throwable cause) {
            super("fenced by a newer controller: " + cause.getMessage(), cause);
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;

    /** Creates the producer and fences any earlier writer with the same transactional id. */
    public TransactionalControlSink(Properties kafka, String transactionalId) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("acks", "all");
        p.setProperty("enable.idempotence", "true");
        p.setProperty("transactional.id", transactionalId);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @Override
    public void publish(ControlUpdate u) throws Exception {
        try {
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(
                            Topics.CONTROL.name(),
                            null,
                            u.getIssuedAt().toEpochMilli(),
                            TopicDescriptor.key(u.getScope()),
                            Topics.CONTROL.codec().encode(u)));
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw new FencedException(e);
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (ProducerFencedException fenced) {
                throw new FencedException(fenced);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
