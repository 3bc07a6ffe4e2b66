package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.LawOverrides;

class LawOptionTest {
    @Test
    void helpListsEveryOptionByGroup() {
        String expected =
                LawOverrides.groups().entrySet().stream()
                        .map(g -> g.getKey() + ": " + String.join(", ", g.getValue()))
                        .collect(Collectors.joining("; "));
        assertThat(LawOption.NAMES).isEqualTo(expected);
        assertThat(LawOverrides.groups()).extracting(Map::size).isEqualTo(6);
    }
}
