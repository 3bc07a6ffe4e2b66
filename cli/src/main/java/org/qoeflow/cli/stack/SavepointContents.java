package org.qoeflow.cli.stack;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava33.com.google.common.hash.Hashing;

/** What a savepoint holds per operator uid: the proof that upgrades carry the job's state. */
public final class SavepointContents {
    private SavepointContents() {}

    /** The operator id Flink derives from a user-set uid (as {@code StreamGraphHasherV2} does). */
    public static OperatorID operatorId(String uid) {
        return new OperatorID(
                Hashing.murmur3_128(0)
                        .newHasher()
                        .putString(uid, StandardCharsets.UTF_8)
                        .hash()
                        .asBytes());
    }

    /** State bytes in the savepoint for each uid (0 = the operator has no state there). */
    public static Map<String, Long> stateBytes(String location, List<String> uids)
            throws IOException {
        Path dir = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        CheckpointMetadata meta;
        try (InputStream in = Files.newInputStream(dir.resolve("_metadata"))) {
            meta =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in),
                            SavepointContents.class.getClassLoader(),
                            dir.toString());
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String uid : uids) {
            OperatorID id = operatorId(uid);
            bytes.put(
                    uid,
                    meta.getOperatorStates().stream()
                            .filter(s -> s.getOperatorID().equals(id))
                            .mapToLong(OperatorState::getStateSize)
                            .sum());
        }
        return bytes;
    }
}
