package org.qoeflow.jobs.anomaly;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes model updates; an undecodable one is logged and skipped, the current model stays. */
public final class ModelUpdateDeserializer
        implements KafkaRecordDeserializationSchema<ModelUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ModelUpdate> out) {
        if (r.value() == null) {
            return;
        }
        try {
            out.collect(Topics.MODELS.codec().decode(r.value()));
        } catch (DecodeException e) {
            LOG.warn(
                    "skipping undecodable model update at {}-{}@{}: {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<ModelUpdate> getProducedType() {
        return TypeInformation.of(ModelUpdate.class);
    }
}
