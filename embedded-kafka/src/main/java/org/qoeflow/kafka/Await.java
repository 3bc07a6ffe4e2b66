package org.qoeflow.kafka;

import java.time.Duration;

/** Polls a condition that may throw while a broker is still coming up. */
final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {}

    /** A condition that may fail transiently. */
    interface Check {
        boolean holds() throws Exception;
    }

    static void until(String what, Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException(
                "Timed out after " + timeout + " waiting for " + what, last);
    }
}
