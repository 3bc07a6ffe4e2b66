package org.qoeflow.cli;

import org.qoeflow.controller.service.ControllerEntrypoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qoeflow} command line. */
@Command(
        name = "qoeflow",
        mixinStandardHelpOptions = true,
        version = "qoeflow 0.1.0",
        description = "QoE analytics and feedback control for edge + cloud AI inference fleets.",
        subcommands = {
            DemoCommand.class,
            ControllerEntrypoint.class,
            AnomalyCommand.class,
            SimCommand.class,
            ReplayCommand.class,
            TailCommand.class,
            KeysCommand.class,
            FleetCommand.class,
            RouterCommand.class,
            StackCommands.Up.class,
            StackCommands.Submit.class,
            StackCommands.Status.class,
            StackCommands.Down.class,
            SchemasCommand.class,
            ChaosCommand.class,
            BenchCommand.class,
            AclsCommand.class
        })
public final class Qoeflow {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // Our own file name: other modules' jars may carry a log4j2.properties of their own.
        System.setProperty("log4j2.configurationFile", "qoeflow-log4j2.properties");
        CommandLine cmd = new CommandLine(new Qoeflow());
        cmd.setExecutionExceptionHandler(
                (e, c, parsed) -> {
                    c.getErr().println("error: " + e.getMessage());
                    if (System.getenv("QOEFLOW_DEBUG") != null) {
                        e.printStackTrace(c.getErr());
                    }
                    return 1;
                });
        System.exit(cmd.execute(args));
    }
}
