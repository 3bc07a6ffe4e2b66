package org.qoeflow.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ed25519 key files of the control protocol: {@code <keyId>.key} (private, PKCS#8) for the
 * controller and {@code <keyId>.pub} (public, X.509) for the fleet, both Base64 text. A directory
 * of {@code .pub} files is the fleet's trust ring; adding one and then switching the controller to
 * its private key rotates keys without a gap.
 */
public final class ControlKeys {
    private ControlKeys() {}

    /** Writes a new key pair into {@code dir}: the private key with mode 0600. */
    public static void generate(Path dir, String keyId) {
        if (!keyId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "key id '" + keyId + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(dir);
            writeOwnerOnly(dir.resolve(keyId + ".key"), b64(pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve(keyId + ".pub"), b64(pair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code text} to {@code file} readable and writable by its owner only (0600): the file
     * is created with that mode before the key is written, so it is never readable by others.
     */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(file, owner);
            } else {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
            }
        }
        Files.writeString(file, text);
    }

    public static PrivateKey privateKey(Path file) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(read(file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + file, e);
        }
    }

    public static PublicKey publicKey(Path file) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(read(file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + file, e);
        }
    }

    /** Every {@code <keyId>.pub} in {@code dir}, by key id. */
    public static Map<String, PublicKey> trustRing(Path dir) {
        Map<String, PublicKey> ring = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ring.put(name.substring(0, name.length() - 4), publicKey(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted keys from " + dir, e);
        }
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("no <keyId>.pub file in " + dir);
        }
        return ring;
    }

    /** The key id of a private key file (its name without {@code .key}). */
    public static String keyId(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString();
        return name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    }

    private static byte[] read(Path file) {
        try {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key " + file, e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b) + "\n";
    }
}
