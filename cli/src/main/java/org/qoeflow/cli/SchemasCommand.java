package org.qoeflow.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qoeflow.schema.PublishedSchemas;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes every topic's self-contained value schema, for consumers that use plain Avro. */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description =
                "Write each topic's value schema as one self-contained .avsc file (see"
                        + " docs/topics.md).")
public final class SchemasCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "directory to write into")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Path> written = PublishedSchemas.write(out);
        var w = spec.commandLine().getOut();
        for (TopicDescriptor<?> t : Topics.all()) {
            if (t.carriesRecords()) {
                w.printf(
                        "%-28s fingerprint %s  %s%n",
                        t.name(),
                        PublishedSchemas.wireFingerprintHex(t.codec().schema()),
                        written.get(PublishedSchemas.fileName(t)));
            } else {
                w.printf("%-28s no records (controller leader election)%n", t.name());
            }
        }
        w.flush();
        return 0;
    }
}
