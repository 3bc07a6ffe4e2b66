package org.qoeflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qoeflow.cli.stack.JobSubmitter;
import org.qoeflow.cli.stack.LocalStack;
import org.qoeflow.cli.stack.StackHome;
import org.qoeflow.cli.stack.StackPorts;
import org.qoeflow.cli.stack.StackStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code up}, {@code submit}, {@code status} and {@code down}: the multi-process local stack. */
final class StackCommands {
    private StackCommands() {}

    /** The run folder every stack command shares. */
    static final class RunDir {
        @Option(
                names = "--run-dir",
                defaultValue = "run/local",
                description =
                        "folder for logs, pid files, data and config (default ${DEFAULT-VALUE})")
        Path runDir;
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description =
                    "Start the local stack, each part its own process on 127.0.0.1: a Kafka broker"
                            + " (KRaft), a Flink session cluster, the controller, the fleet, and"
                            + " Prometheus + Alertmanager when installed.")
    static final class Up implements Callable<Integer> {
        @Mixin RunDir run;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "address every process binds (default ${DEFAULT-VALUE})")
        String host;

        @Option(
                names = "--port",
                description =
                        "override a port, e.g. --port kafka=19092; names: kafka, kafka-controller,"
                                + " flink-rest, flink-rpc, flink-jm-metrics, flink-tm-metrics,"
                                + " controller-metrics, fleet-metrics, prometheus, alertmanager")
        Map<String, Integer> ports = new LinkedHashMap<>();

        @Option(names = "--no-fleet", description = "do not start the simulated fleet")
        boolean noFleet;

        @Option(
                names = "--fleet-arg",
                description = "pass an option to 'qoeflow fleet', e.g. --fleet-arg=--fault-at=120s")
        List<String> fleetArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            StackPorts p = StackPorts.DEFAULTS.withHost(host).with(ports);
            LocalStack stack = new LocalStack(StackHome.locate(), run.runDir, p, System.out);
            try {
                stack.up(!noFleet, fleetArgs);
            } catch (Exception e) {
                System.err.println("error: " + e.getMessage());
                System.err.println("stopping what was started ...");
                stack.down();
                return 1;
            }
            StackStatus.print(stack, System.out);
            System.out.println("next: ./qoeflow submit   (then ./qoeflow status, ./qoeflow down)");
            return 0;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description =
                    "Upload the job jar to the local stack's Flink session cluster through its REST"
                            + " API and run it (default parallelism of the cluster).")
    static final class Submit implements Callable<Integer> {
        @Mixin RunDir run;

        @Option(
                names = "--upgrade",
                description =
                        "stop the running job with a savepoint and resume the new jar from it")
        boolean upgrade;

        @Option(
                names = "--jar",
                description = "job jar (default: jobs/target/qoeflow-jobs-*-job.jar)")
        Path jar;

        @Option(names = "--parallelism", description = "default: the cluster's parallelism.default")
        Integer parallelism;

        @Parameters(description = "extra job options, e.g. -- --window 10s")
        List<String> jobArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            StackHome home = StackHome.locate();
            LocalStack stack = LocalStack.open(home, run.runDir, System.out);
            List<String> args = new ArrayList<>(List.of("--bootstrap", stack.ports().bootstrap()));
            args.addAll(jobArgs);
            new JobSubmitter(stack.flink().rest(), stack.flink().savepointDir(), System.out)
                    .submit(jar != null ? jar : home.jobJar(), args, parallelism, upgrade);
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Print what runs where in the local stack: processes and ports, job state,"
                            + " consumer lag and the latest control versions.")
    static final class Status implements Callable<Integer> {
        @Mixin RunDir run;

        @Override
        public Integer call() {
            LocalStack stack = LocalStack.open(StackHome.locate(), run.runDir, System.out);
            int down = StackStatus.print(stack, System.out);
            return down == 0 ? 0 : 3;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop every process of the local stack (data stays in the run folder).")
    static final class Down implements Callable<Integer> {
        @Mixin RunDir run;

        @Override
        public Integer call() {
            LocalStack stack = LocalStack.open(StackHome.locate(), run.runDir, System.out);
            List<String> killed = stack.down();
            if (!killed.isEmpty()) {
                System.out.println("had to kill (no clean stop within the grace time): " + killed);
            }
            return 0;
        }
    }
}
