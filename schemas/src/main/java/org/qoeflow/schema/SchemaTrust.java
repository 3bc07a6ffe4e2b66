package org.qoeflow.schema;

import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro 1.12's class allow-list that our generated classes may be instantiated, so decoding
 * works in any JVM (a client, a Flink TaskManager) without {@code
 * -Dorg.apache.avro.SERIALIZABLE_PACKAGES}. Only these classes are added; everything else stays as
 * the JVM's settings say.
 */
final class SchemaTrust {
    static final List<Class<?>> GENERATED =
            List.of(
                    Telemetry.class,
                    RequestFact.class,
                    NodeSample.class,
                    Tier.class,
                    QoeScore.class,
                    ControlUpdate.class,
                    ControlKind.class,
                    DeadLetter.class,
                    AnomalyScore.class,
                    ModelUpdate.class,
                    AnomalyTopK.class,
                    RankedNode.class);

    static final ClassSecurityValidator.ClassSecurityPredicate OWN = own();

    private static boolean installed;

    private SchemaTrust() {}

    private static ClassSecurityValidator.ClassSecurityPredicate own() {
        ClassSecurityValidator.Builder b = ClassSecurityValidator.builder();
        GENERATED.forEach(b::add);
        return b.build();
    }

    static synchronized void install() {
        if (!installed) {
            ClassSecurityValidator.setGlobal(
                    ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), OWN));
            installed = true;
        }
    }
}
