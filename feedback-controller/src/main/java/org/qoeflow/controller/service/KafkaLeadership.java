package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.qoeflow.schema.ControlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership for several controller instances: elected through a Kafka consumer group, writing
 * through a transactional producer whose shared transactional id fences the previous leader, and
 * resuming each term from the control topic read to its end.
 */
public final class KafkaLeadership implements Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLeadership.class);

    private final Properties kafka;
    private final LeaderElection election;
    private final String transactionalId;
    private final ControlSink.Decorator decorator;
    private final RecoveryTrust trust;
    private final ControllerMetrics metrics;
    private Term term;
    private boolean fencedInTerm;

    public KafkaLeadership(
            Properties kafka,
            String instance,
            Duration session,
            String transactionalId,
            ControlSink.Decorator decorator) {
        this(kafka, instance, session, transactionalId, decorator, RecoveryTrust.anyWriter(), null);
    }

    /**
     * As above, resuming each term only from records {@code trust} accepts; refusals are counted in
     * {@code metrics} (may be null).
     */
    public KafkaLeadership(
            Properties kafka,
            String instance,
            Duration session,
            String transactionalId,
            ControlSink.Decorator decorator,
            RecoveryTrust trust,
            ControllerMetrics metrics) {
        this.kafka = kafka;
        this.transactionalId = transactionalId;
        this.decorator = decorator;
        this.trust = trust;
        this.metrics = metrics;
        this.election = new LeaderElection(kafka, "qoeflow-controller-leader", instance, session);
    }

    @Override
    public Term current() {
        boolean leading = election.poll();
        if (!leading) {
            endTerm();
            return null;
        }
        if (term != null && term.number() == election.terms()) {
            return fencedInTerm ? null : term;
        }
        endTerm();
        // Fence any earlier writer first, then read what it committed: nothing can be added after.
        TransactionalControlSink sink = new TransactionalControlSink(kafka, transactionalId);
        Properties committed = new Properties();
        committed.putAll(kafka);
        committed.setProperty("isolation.level", "read_committed");
        Map<String, ControlUpdate> recovered =
                ControlTopicRecovery.latest(
                        committed,
                        Duration.ofSeconds(30),
                        trust,
                        v -> {
                            if (metrics != null) {
                                metrics.recoveryRecordRejected(v);
                            }
                        });
        term = new Term(election.terms(), decorator.decorate(sink), recovered);
        fencedInTerm = false;
        LOG.info("term {}: leading, resuming {} scopes", term.number(), recovered.size());
        return term;
    }

    @Override
    public void fenced(Term t) {
        LOG.warn("term {} fenced by a newer controller; standing by", t.number());
        fencedInTerm = true;
    }

    private void endTerm() {
        if (term != null) {
            try {
                term.sink().close();
            } catch (Exception e) {
                LOG.debug("closing the previous term's sink", e);
            }
            term = null;
        }
    }

    @Override
    public void close() {
        endTerm();
        election.close();
    }
}
