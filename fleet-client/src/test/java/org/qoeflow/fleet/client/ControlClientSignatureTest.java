package org.qoeflow.fleet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.fleet.client.TestingControl.offload;

import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;

class ControlClientSignatureTest {
    private static final long NOW = 1_000_000;
    private static final long LATER = NOW + 60_000;

    @TempDir Path dir;
    private final ControlClient client = new ControlClient();
    private PrivateKey controller;
    private PrivateKey attacker;

    @BeforeEach
    void keys() {
        ControlKeys.generate(dir.resolve("fleet"), "ctl-1");
        ControlKeys.generate(dir.resolve("attacker"), "evil");
        controller = ControlKeys.privateKey(dir.resolve("fleet/ctl-1.key"));
        attacker = ControlKeys.privateKey(dir.resolve("attacker/evil.key"));
        client.requireSignatures(ControlKeys.trustRing(dir.resolve("fleet")));
    }

    ControlUpdate signed(long version, double threshold, long validUntil) {
        return ControlSignatures.sign(
                offload("phone-high", version, threshold, validUntil), "ctl-1", controller);
    }

    @Test
    void rejectsUnsignedForgedTamperedReplayedAndExpiredUpdatesAndCountsEachKind() {
        assertThat(client.offer(signed(3, 250, LATER), NOW)).isEqualTo(Outcome.APPLIED);

        // a node that can write the topic but holds no trusted key
        assertThat(client.offer(offload("phone-high", 9, 5, LATER), NOW))
                .isEqualTo(Outcome.UNSIGNED);
        assertThat(
                        client.offer(
                                ControlSignatures.sign(
                                        offload("phone-high", 9, 5, LATER), "evil", attacker),
                                NOW))
                .isEqualTo(Outcome.FORGED);
        ControlUpdate tampered =
                ControlUpdate.newBuilder(signed(9, 250, LATER)).setOffloadThresholdMs(5.0).build();
        assertThat(client.offer(tampered, NOW)).isEqualTo(Outcome.TAMPERED);
        // replaying a genuine old update
        assertThat(client.offer(signed(2, 400, LATER), NOW)).isEqualTo(Outcome.STALE);
        assertThat(client.offer(signed(3, 250, LATER), NOW)).isEqualTo(Outcome.DUPLICATE);
        assertThat(client.offer(signed(4, 250, NOW - 1), NOW)).isEqualTo(Outcome.EXPIRED);

        assertThat(client.appliedVersion("offload/phone-high")).isEqualTo(3);
        assertThat(client.offloadThresholdMs("phone-high")).contains(250.0);
        for (Outcome o :
                new Outcome[] {
                    Outcome.UNSIGNED,
                    Outcome.FORGED,
                    Outcome.TAMPERED,
                    Outcome.STALE,
                    Outcome.DUPLICATE,
                    Outcome.EXPIRED
                }) {
            assertThat(client.count(o)).as(o.name()).isEqualTo(1);
        }
    }
}
