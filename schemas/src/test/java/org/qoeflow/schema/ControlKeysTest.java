package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlKeysTest {
    @Test
    void writesThePrivateKeyReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        ControlKeys.generate(dir, "ctl");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve("ctl.key"))))
                .isEqualTo("rw-------");
        assertThat(ControlKeys.privateKey(dir.resolve("ctl.key"))).isNotNull();
        assertThat(ControlKeys.trustRing(dir)).containsOnlyKeys("ctl");
    }

    @Test
    void regeneratingOverAWorldReadableKeyTightensIt(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("ctl.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        ControlKeys.generate(dir, "ctl");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(ControlKeys.privateKey(key)).isNotNull();
    }
}
