package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.policy.PolicyReasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reason tags are one bounded label set: every tag declared is in it once, and nothing else. */
class ReasonsTest {
  private static List<String> declared(Class<?> type) throws IllegalAccessException {
    List<String> tags = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        tags.add((String) field.get(null));
      }
    }
    return tags;
  }

  @Test
  void allHoldsEveryTagOfTheGatewayAndOfThePoliciesOnce() throws Exception {
    List<String> expected = new ArrayList<>(declared(Reasons.class));
    expected.addAll(declared(PolicyReasons.class));

    assertThat(Reasons.ALL).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
    assertThat(Reasons.ALL).allMatch(tag -> tag.matches("[a-z_]+"));
  }
}
