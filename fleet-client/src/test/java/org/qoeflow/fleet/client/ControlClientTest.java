package org.qoeflow.fleet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.fleet.client.TestingControl.offload;
import static org.qoeflow.fleet.client.TestingControl.routing;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;

class ControlClientTest {
    private static final long NOW = 1_000_000;
    private static final long LATER = NOW + 60_000;

    private final ControlClient client = new ControlClient();

    @Test
    void holdsNothingBeforeTheFirstUpdate() {
        assertThat(client.appliedVersion(Scopes.offload("phone-high"))).isZero();
        assertThat(client.offloadThresholdMs("phone-high")).isEmpty();
        assertThat(client.routingWeights("eu-west")).isEmpty();
    }

    @Test
    void appliesNewerVersions() {
        assertThat(client.offer(offload("phone-high", 1, 300, LATER), NOW))
                .isEqualTo(Outcome.APPLIED);
        assertThat(client.offer(offload("phone-high", 4, 250, LATER), NOW))
                .isEqualTo(Outcome.APPLIED);

        assertThat(client.appliedVersion("offload/phone-high")).isEqualTo(4);
        assertThat(client.offloadThresholdMs("phone-high")).contains(250.0);
        assertThat(client.offloadThresholdMs("phone-mid")).isEmpty();
        assertThat(client.count(Outcome.APPLIED)).isEqualTo(2);
    }

    @Test
    void ignoresDuplicateAndOlderVersions() {
        client.offer(offload("phone-high", 5, 300, LATER), NOW);

        assertThat(client.offer(offload("phone-high", 5, 100, LATER), NOW))
                .isEqualTo(Outcome.DUPLICATE);
        assertThat(client.offer(offload("phone-high", 3, 100, LATER), NOW))
                .isEqualTo(Outcome.STALE);

        assertThat(client.appliedVersion("offload/phone-high")).isEqualTo(5);
        assertThat(client.offloadThresholdMs("phone-high")).contains(300.0);
        assertThat(client.count(Outcome.DUPLICATE)).isEqualTo(1);
        assertThat(client.count(Outcome.STALE)).isEqualTo(1);
    }

    @Test
    void rejectsExpiredUpdatesAndKeepsTheHeldOne() {
        client.offer(offload("phone-mid", 1, 300, LATER), NOW);

        assertThat(client.offer(offload("phone-mid", 2, 100, NOW), NOW)).isEqualTo(Outcome.EXPIRED);
        assertThat(client.offer(offload("phone-mid", 3, 100, NOW - 1), NOW))
                .isEqualTo(Outcome.EXPIRED);

        assertThat(client.appliedVersion("offload/phone-mid")).isEqualTo(1);
        assertThat(client.offloadThresholdMs("phone-mid")).contains(300.0);
        assertThat(client.count(Outcome.EXPIRED)).isEqualTo(2);
    }

    @Test
    void scopesAreIndependent() {
        client.offer(offload("phone-high", 9, 300, LATER), NOW);

        assertThat(client.offer(offload("phone-mid", 1, 200, LATER), NOW))
                .isEqualTo(Outcome.APPLIED);
        assertThat(client.offer(routing("eu-west", 2, Map.of("c1", 1.0), LATER), NOW))
                .isEqualTo(Outcome.APPLIED);

        assertThat(client.routingWeights("eu-west")).containsExactly(Map.entry("c1", 1.0));
        assertThat(client.routingWeights("us-east")).isEmpty();
    }

    @Test
    void rejectsUpdatesWhoseKindOrPayloadDoesNotFitTheScope() {
        ControlUpdate wrongKind =
                ControlUpdate.newBuilder(offload("phone-high", 1, 300, LATER))
                        .setKind(ControlKind.ROUTING_WEIGHTS)
                        .build();
        ControlUpdate noThreshold =
                ControlUpdate.newBuilder(offload("phone-high", 2, 300, LATER))
                        .setOffloadThresholdMs(null)
                        .build();
        ControlUpdate unknownScope =
                ControlUpdate.newBuilder(offload("phone-high", 3, 300, LATER))
                        .setScope("speed/phone-high")
                        .build();
        ControlUpdate negativeWeight = routing("eu-west", 4, Map.of("c1", -1.0), LATER);

        for (ControlUpdate u :
                new ControlUpdate[] {wrongKind, noThreshold, unknownScope, negativeWeight}) {
            assertThat(client.offer(u, NOW)).isEqualTo(Outcome.INVALID);
        }
        assertThat(client.appliedVersion("offload/phone-high")).isZero();
        assertThat(client.count(Outcome.INVALID)).isEqualTo(4);
    }

    @Test
    void scopeNamesFollowTheProtocol() {
        assertThat(Scopes.offload("embedded-low")).isEqualTo("offload/embedded-low");
        assertThat(Scopes.routing("us-east")).isEqualTo("routing/us-east");
    }
}
