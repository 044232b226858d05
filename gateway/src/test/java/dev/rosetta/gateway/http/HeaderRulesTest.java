package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderRulesTest {
  @Test
  void withoutPatternsEverythingIsAllowed() {
    assertThat(HeaderRules.FORWARD_ALL.allows("x-anything")).isTrue();
  }

  @Test
  void forwardPatternsAreAnAllowList() {
    HeaderRules rules = new HeaderRules(List.of("X-*", "authorization"), List.of());
    assertThat(rules.allows("x-team")).isTrue();
    assertThat(rules.allows("authorization")).isTrue();
    assertThat(rules.allows("cookie")).isFalse();
    assertThat(rules.allows("ax-team")).isFalse();
  }

  @Test
  void dropPatternsWinAndMatchCaseInsensitively() {
    HeaderRules rules = new HeaderRules(List.of("x-*"), List.of("X-Secret-*", "*-internal"));
    assertThat(rules.allows("x-secret-key")).isFalse();
    assertThat(rules.allows("x-is-internal")).isFalse();
    assertThat(rules.allows("x-public")).isTrue();
  }

  @Test
  void patternCharactersOtherThanStarAreLiteral() {
    HeaderRules rules = new HeaderRules(List.of(), List.of("x.y"));
    assertThat(rules.allows("x.y")).isFalse();
    assertThat(rules.allows("xzy")).isTrue();
  }
}
