package org.qoeflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.qoeflow.schema.ControlKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Signing keys for control updates. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Signing keys for control updates.",
        subcommands = KeysCommand.Generate.class)
public final class KeysCommand {

    /** Creates an Ed25519 key pair. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description =
                    "Generate an Ed25519 key pair: <key-id>.key for the controller (--signing-key),"
                            + " <key-id>.pub for the fleet's trust directory.")
    static final class Generate implements Callable<Integer> {
        @Option(
                names = "--out",
                required = true,
                description = "directory to write the key files to")
        Path out;

        @Option(names = "--key-id", required = true, description = "e.g. ctl-2026-11")
        String keyId;

        @Override
        public Integer call() {
            ControlKeys.generate(out, keyId);
            System.out.println(
                    "wrote "
                            + out.resolve(keyId + ".key")
                            + " (keep secret) and "
                            + out.resolve(keyId + ".pub"));
            return 0;
        }
    }
}
