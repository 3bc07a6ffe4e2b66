package org.qoeflow.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates (or with --dry-run prints) the per-role ACLs of {@link RoleAcls}. */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description =
                "Create the per-role Kafka ACLs (fleet, controller, job); see docs/security.md.")
final class AclsCommand implements Callable<Integer> {
    /** Its properties must log in as a user allowed to alter ACLs. */
    @Mixin KafkaConnection kafkaConnection;

    @Option(
            names = "--fleet-principal",
            defaultValue = "qoeflow-fleet",
            description = "SCRAM user of the fleet (User:<name>)")
    String fleet;

    @Option(
            names = "--controller-principal",
            defaultValue = "qoeflow-controller",
            description = "SCRAM user of the controller (User:<name>)")
    String controller;

    @Option(
            names = "--job-principal",
            defaultValue = "qoeflow-job",
            description = "SCRAM user of the job (User:<name>)")
    String job;

    @Option(names = "--dry-run", description = "print the ACLs, create nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        List<AclBinding> acls = new RoleAcls(fleet, controller, job).bindings();
        acls.forEach(a -> System.out.println(describe(a)));
        if (dryRun) {
            return 0;
        }
        var props = kafkaConnection.properties();
        try (Admin admin = Admin.create(props)) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
        System.out.println(acls.size() + " ACLs created");
        return 0;
    }

    static String describe(AclBinding a) {
        return String.format(
                java.util.Locale.ROOT,
                "%s %s %s %s:%s (%s)",
                a.entry().permissionType(),
                a.entry().principal(),
                a.entry().operation(),
                a.pattern().resourceType(),
                a.pattern().name(),
                a.pattern().patternType());
    }
}
