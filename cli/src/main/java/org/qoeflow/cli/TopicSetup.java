package org.qoeflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/** Creates the product's topics from their descriptors, leaving existing ones alone. */
public final class TopicSetup {
    private TopicSetup() {}

    public static void ensure(Properties kafka, int partitions) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicDescriptor<?> t : Topics.all()) {
                if (!existing.contains(t.name())) {
                    missing.add(
                            new NewTopic(t.name(), t.partitions(partitions), (short) 1)
                                    .configs(t.topicConfigs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
