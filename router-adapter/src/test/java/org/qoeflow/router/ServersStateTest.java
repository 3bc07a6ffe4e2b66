package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServersStateTest {
    /** HAProxy 2.6.12's answer to {@code show servers state be}, verbatim. */
    static final String ANSWER =
            "1\n"
                    + "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state"
                    + " srv_uweight srv_iweight srv_time_since_last_change srv_check_status"
                    + " srv_check_result srv_check_health srv_check_state srv_agent_state"
                    + " bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl"
                    + " srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n"
                    + "3 be 1 n0 127.0.0.1 2 0 100 1 1 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0\n"
                    + "3 be 2 n1 127.0.0.1 2 0 0 1 1 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0\n"
                    + "\n";

    @Test
    void readsTheUserWeightOfEveryServerByColumnName() {
        assertThat(ServersState.weights(ANSWER))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(new ServerRef("be", "n0"), 100, new ServerRef("be", "n1"), 0));
    }

    @Test
    void findsColumnsWhereverALaterVersionPutsThem() {
        String reordered = "1\n# srv_uweight extra srv_name be_name\n7 x s1 b1\n";
        assertThat(ServersState.weights(reordered))
                .containsExactly(Map.entry(new ServerRef("b1", "s1"), 7));
    }

    @Test
    void anErrorAnswerIsNotMistakenForAnEmptyBackend() {
        assertThatThrownBy(() -> ServersState.weights("Can't find backend.\n\n"))
                .hasMessageContaining("not a 'show servers state' answer")
                .hasMessageContaining("Can't find backend.");
        assertThatThrownBy(() -> ServersState.weights("1\n# be_name srv_name\nb s\n"))
                .hasMessageContaining("no column srv_uweight");
        assertThatThrownBy(() -> ServersState.weights("1\n# be_name srv_name srv_uweight\nb s\n"))
                .hasMessageContaining("2 of 3 columns");
    }
}
