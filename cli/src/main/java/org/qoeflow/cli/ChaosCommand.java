package org.qoeflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.qoeflow.cli.stack.ChaosRun;
import org.qoeflow.cli.stack.LocalStack;
import org.qoeflow.cli.stack.StackHome;
import org.qoeflow.cli.stack.StackPorts;
import org.qoeflow.common.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qoeflow chaos}: exactly-once under kills, on the multi-process local stack. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description =
                "Run the local stack (on free ports, in its own run folder) on deterministic"
                        + " telemetry, kill TaskManagers and controllers with SIGKILL and restart"
                        + " the broker under load, then compare the committed QoE scores with a"
                        + " fault-free scoring of the same input.")
final class ChaosCommand implements Callable<Integer> {
    @Option(
            names = "--duration",
            defaultValue = "300s",
            description = "telemetry feed length (default ${DEFAULT-VALUE})")
    String duration;

    @Option(
            names = "--tm-kills",
            defaultValue = "10",
            description = "TaskManager SIGKILLs (default ${DEFAULT-VALUE})")
    int tmKills;

    @Option(
            names = "--broker-restarts",
            defaultValue = "3",
            description = "broker restarts (default ${DEFAULT-VALUE})")
    int brokerRestarts;

    @Option(
            names = "--controller-kills",
            defaultValue = "3",
            description = "controller SIGKILLs (default ${DEFAULT-VALUE})")
    int controllerKills;

    @Option(
            names = "--overloads",
            defaultValue = "1",
            description =
                    "times the TaskManager stalls 8 s (SIGSTOP) while input goes on: lag must grow"
                            + " and drain (default ${DEFAULT-VALUE})")
    int overloads;

    @Option(
            names = "--nodes",
            defaultValue = "100",
            description = "simulated nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--rate",
            defaultValue = "4",
            description = "requests per second per node (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "telemetry and fault order (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--run-dir",
            defaultValue = "run/chaos",
            description = "folder for the stack (default ${DEFAULT-VALUE})")
    Path runDir;

    @Option(
            names = "--at-least-once",
            description = "run the job's sinks at-least-once, to see what exactly-once prevents")
    boolean atLeastOnce;

    @Option(names = "--keep", description = "leave the stack running afterwards")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        LocalStack stack =
                new LocalStack(StackHome.locate(), runDir, StackPorts.free(), System.out);
        ChaosRun.Result r;
        try {
            r =
                    new ChaosRun(
                                    stack,
                                    new ChaosRun.Options(
                                            Durations.parse(duration),
                                            tmKills,
                                            brokerRestarts,
                                            controllerKills,
                                            overloads,
                                            nodes,
                                            rate,
                                            seed,
                                            !atLeastOnce),
                                    System.out)
                            .run();
        } finally {
            if (!keep) {
                stack.down();
            }
        }
        System.out.println(r.line());
        return r.clean() ? 0 : 1;
    }
}
