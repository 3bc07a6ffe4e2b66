package org.qoeflow.fleet.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import org.qoeflow.schema.ControlKeys;

/** Loads the controller keys a fleet trusts: a directory of {@code <keyId>.pub} files or one. */
public final class TrustedKeys {
    private TrustedKeys() {}

    public static Map<String, PublicKey> load(Path dirOrPubFile) {
        if (Files.isDirectory(dirOrPubFile)) {
            return ControlKeys.trustRing(dirOrPubFile);
        }
        String name = dirOrPubFile.getFileName().toString();
        if (!name.endsWith(".pub") || !Files.isRegularFile(dirOrPubFile)) {
            throw new IllegalArgumentException(
                    "--trust must be a directory of <keyId>.pub files or one such file: "
                            + dirOrPubFile);
        }
        return Map.of(name.substring(0, name.length() - 4), ControlKeys.publicKey(dirOrPubFile));
    }
}
