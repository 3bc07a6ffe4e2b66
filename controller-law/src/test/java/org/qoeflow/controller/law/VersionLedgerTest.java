package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionLedgerTest {
    @Test
    void refusesToRestoreVersionsOutsideTheBound() {
        VersionLedger v = new VersionLedger();
        assertThatThrownBy(() -> v.restore("routing/eu", Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v.restore("routing/eu", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(v.next("routing/eu")).isEqualTo(1);
    }

    @Test
    void refusesToGoPastTheHighestVersionInsteadOfWrapping() {
        VersionLedger v = new VersionLedger();
        v.restore("routing/eu", VersionLedger.MAX_VERSION - 1);
        assertThat(v.next("routing/eu")).isEqualTo(VersionLedger.MAX_VERSION);
        assertThatThrownBy(() -> v.next("routing/eu"))
                .isInstanceOf(VersionLedger.VersionExhaustedException.class)
                .hasMessageContaining("routing/eu");
        assertThat(v.latest("routing/eu")).isEqualTo(VersionLedger.MAX_VERSION);
        assertThat(v.next("routing/us")).isEqualTo(1);
    }
}
