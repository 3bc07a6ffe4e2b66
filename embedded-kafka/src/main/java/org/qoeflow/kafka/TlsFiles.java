package org.qoeflow.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS#12 key store with a self-signed certificate for 127.0.0.1 and a trust store holding that
 * certificate, made with the JDK's {@code keytool}: enough for a broker's SSL listener and its
 * clients in tests and on one host. Not for production, where a CA signs the broker certificates.
 */
public record TlsFiles(Path keyStore, Path trustStore, String password) {

    /** Generates both stores in {@code dir} with a random password (valid for 7 days). */
    public static TlsFiles generate(Path dir) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keyStore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path trustStore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
            keytool(
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "7",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=IP:127.0.0.1,DNS:localhost",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password);
            keytool(
                    "-exportcert",
                    "-alias",
                    "broker",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-file",
                    cert.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "broker",
                    "-file",
                    cert.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trustStore.toString(),
                    "-storepass",
                    password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write TLS stores to " + dir, e);
        }
        return new TlsFiles(keyStore, trustStore, password);
    }

    private static void keytool(String... args) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }
}
