package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSignaturesTest {
    static ControlUpdate update(long version) {
        return ControlUpdate.newBuilder()
                .setScope("offload/phone-high")
                .setKind(ControlKind.OFFLOAD_THRESHOLD)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(1000))
                .setValidUntil(Instant.ofEpochMilli(61_000))
                .setOffloadThresholdMs(250.0)
                .build();
    }

    @Test
    void validSignatureVerifiesAndEveryAttackIsNamed(@TempDir Path dir) throws Exception {
        ControlKeys.generate(dir.resolve("ctl"), "k1");
        ControlKeys.generate(dir.resolve("attacker"), "k1");
        var trusted = ControlKeys.trustRing(dir.resolve("ctl"));
        var key = ControlKeys.privateKey(dir.resolve("ctl/k1.key"));

        ControlUpdate signed = ControlSignatures.sign(update(5), "k1", key);
        assertThat(ControlSignatures.verify(signed, trusted))
                .isEqualTo(ControlSignatures.Verdict.VALID);
        // survives the wire
        ControlUpdate decoded =
                Topics.CONTROL.codec().decode(Topics.CONTROL.codec().encode(signed));
        assertThat(ControlSignatures.verify(decoded, trusted))
                .isEqualTo(ControlSignatures.Verdict.VALID);

        assertThat(ControlSignatures.verify(update(5), trusted))
                .isEqualTo(ControlSignatures.Verdict.UNSIGNED);

        ControlUpdate tampered =
                ControlUpdate.newBuilder(signed).setOffloadThresholdMs(5000.0).build();
        assertThat(ControlSignatures.verify(tampered, trusted))
                .isEqualTo(ControlSignatures.Verdict.TAMPERED);

        ControlUpdate otherKeyId = ControlSignatures.sign(update(5), "k9", key);
        assertThat(ControlSignatures.verify(otherKeyId, trusted))
                .isEqualTo(ControlSignatures.Verdict.FORGED);

        // an attacker's key that claims the trusted key id does not verify
        var attacker = ControlKeys.privateKey(dir.resolve("attacker/k1.key"));
        assertThat(
                        ControlSignatures.verify(
                                ControlSignatures.sign(update(5), "k1", attacker), trusted))
                .isEqualTo(ControlSignatures.Verdict.TAMPERED);

        ControlUpdate garbageSig =
                ControlUpdate.newBuilder(signed).setSignature(ByteBuffer.wrap(new byte[3])).build();
        assertThat(ControlSignatures.verify(garbageSig, trusted))
                .isEqualTo(ControlSignatures.Verdict.TAMPERED);
    }

    @Test
    void rotationTrustsOldAndNewKeys(@TempDir Path dir) {
        ControlKeys.generate(dir, "2026-01");
        ControlKeys.generate(dir, "2026-07");
        Map<String, java.security.PublicKey> ring = ControlKeys.trustRing(dir);
        assertThat(ring).containsOnlyKeys("2026-01", "2026-07");
        for (String id : ring.keySet()) {
            var u =
                    ControlSignatures.sign(
                            update(1), id, ControlKeys.privateKey(dir.resolve(id + ".key")));
            assertThat(ControlSignatures.verify(u, ring))
                    .isEqualTo(ControlSignatures.Verdict.VALID);
        }
        assertThatThrownBy(() -> ControlKeys.generate(dir, "bad id/"))
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> ControlKeys.trustRing(dir.resolve("empty")))
                .hasMessageContaining("cannot read");
    }

    @Test
    void updatesWrittenBeforeSigningStillDecode() throws Exception {
        var v1 = SchemaHistory.load("control_update-v1.avsc");
        var gen = new org.apache.avro.generic.GenericData.Record(v1);
        gen.put("scope", "routing/eu");
        gen.put(
                "kind",
                new org.apache.avro.generic.GenericData.EnumSymbol(
                        v1.getField("kind").schema(), "ROUTING_WEIGHTS"));
        gen.put("version", 3L);
        gen.put("issued_at", 1L);
        gen.put("valid_until", 2L);
        gen.put("offload_threshold_ms", null);
        gen.put("routing_weights", Map.of("c1", 1.0));
        gen.put("reason", "r");
        var enc =
                new org.apache.avro.message.BinaryMessageEncoder<
                        org.apache.avro.generic.GenericRecord>(
                        org.apache.avro.generic.GenericData.get(), v1);
        ControlUpdate read = Topics.CONTROL.codec().decode(enc.encode(gen).array());
        assertThat(read.getVersion()).isEqualTo(3);
        assertThat(read.getSignature()).isNull();
        assertThat(read.getKeyId()).isEmpty();
    }
}
