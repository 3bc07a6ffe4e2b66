package org.qoeflow.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.qoeflow.schema.Topics;

/**
 * The least-privilege ACLs of the pipeline, one principal per role: only the controller writes the
 * control topic, only the job writes the score, anomaly and dead-letter topics, the fleet writes
 * telemetry and reads control. READ and WRITE imply DESCRIBE; idempotent producers need only WRITE
 * on their topic (KIP-679).
 */
record RoleAcls(String fleet, String controller, String job) {

    static RoleAcls defaults() {
        return new RoleAcls("qoeflow-fleet", "qoeflow-controller", "qoeflow-job");
    }

    List<AclBinding> bindings() {
        List<AclBinding> out = new ArrayList<>();
        // Fleet (devices): telemetry out, control in; its control listener assigns partitions.
        topic(out, fleet, AclOperation.WRITE, Topics.TELEMETRY.name());
        topic(out, fleet, AclOperation.READ, Topics.CONTROL.name());
        // Controller: scores in, control out (transactionally), its own groups and election.
        topic(out, controller, AclOperation.READ, Topics.QOE_SCORES.name());
        topic(out, controller, AclOperation.READ, Topics.ANOMALY_SCORES.name());
        topic(out, controller, AclOperation.READ, Topics.COHORT_VERDICTS.name());
        // --scope-summaries: the edge scopes' summaries and the cloud nodes' own scores.
        topic(out, controller, AclOperation.READ, Topics.SCOPE_SUMMARIES.name());
        topic(out, controller, AclOperation.READ, Topics.CLOUD_SCORES.name());
        topic(out, controller, AclOperation.READ, Topics.CLOUD_ANOMALY_SCORES.name());
        topic(out, controller, AclOperation.READ, Topics.CONTROL.name());
        topic(out, controller, AclOperation.WRITE, Topics.CONTROL.name());
        topic(out, controller, AclOperation.READ, Topics.CONTROLLER_LEADER.name());
        prefixed(out, controller, ResourceType.GROUP, AclOperation.READ, "qoeflow-controller");
        prefixed(
                out,
                controller,
                ResourceType.TRANSACTIONAL_ID,
                AclOperation.WRITE,
                "qoeflow-controller");
        prefixed(
                out,
                controller,
                ResourceType.TRANSACTIONAL_ID,
                AclOperation.DESCRIBE,
                "qoeflow-controller");
        // Job: telemetry and models in; scores, anomalies, top-K and dead letters out.
        topic(out, job, AclOperation.READ, Topics.TELEMETRY.name());
        topic(out, job, AclOperation.READ, Topics.MODELS.name());
        for (String t :
                List.of(
                        Topics.QOE_SCORES.name(),
                        Topics.ANOMALY_SCORES.name(),
                        Topics.ANOMALY_TOPK.name(),
                        Topics.COHORT_VERDICTS.name(),
                        Topics.SCOPE_SUMMARIES.name(),
                        Topics.CLOUD_SCORES.name(),
                        Topics.CLOUD_ANOMALY_SCORES.name(),
                        Topics.DLQ.name())) {
            topic(out, job, AclOperation.WRITE, t);
        }
        prefixed(out, job, ResourceType.GROUP, AclOperation.READ, "qoeflow-qoe-scoring");
        prefixed(
                out, job, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, "qoeflow-qoe-scoring");
        prefixed(
                out,
                job,
                ResourceType.TRANSACTIONAL_ID,
                AclOperation.DESCRIBE,
                "qoeflow-qoe-scoring");
        return out;
    }

    private static void topic(List<AclBinding> out, String user, AclOperation op, String name) {
        out.add(
                binding(
                        new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL),
                        user,
                        op));
    }

    private static void prefixed(
            List<AclBinding> out, String user, ResourceType type, AclOperation op, String prefix) {
        out.add(binding(new ResourcePattern(type, prefix, PatternType.PREFIXED), user, op));
    }

    private static AclBinding binding(ResourcePattern resource, String user, AclOperation op) {
        return new AclBinding(
                resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
