package dev.rosetta.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rosetta.gateway.route.PathTemplate;
import dev.rosetta.gateway.route.RouteLookup;

/**
 * Coverage-guided fuzzing of the path template parser and the route matcher. Without
 * {@code JAZZER_FUZZ=1} each target runs only its seed corpus in
 * {@code src/test/resources/dev/rosetta/gateway/fuzz/RouteFuzzTestInputs/} (see docs/limits.md).
 */
class RouteFuzzTest {
  private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "PURGE", "HEAD", "G\u00e9T"};

  @FuzzTest(maxDuration = "60s")
  void aTemplateEitherParsesOrIsRefusedWithAMessage(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      PathTemplate template = PathTemplate.parse(text);
      // Every variable covers a range of the segments and names a field.
      for (PathTemplate.Variable variable : template.variables()) {
        assertThat(variable.fieldPath()).isNotEmpty();
        assertThat(variable.start()).isBetween(0, variable.end());
        assertThat(variable.end()).isLessThanOrEqualTo(template.segments().size());
      }
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyMethodAndPathGetAnAnswerFromTheRouteTable(FuzzedDataProvider data) {
    String method = data.pickValue(METHODS);
    String path = data.consumeRemainingAsString();
    RouteLookup lookup = FuzzFixture.ROUTES.match(method, path);
    assertThat(lookup).isNotNull();
    if (lookup instanceof RouteLookup.InvalidPath invalid) {
      assertThat(invalid.message()).isNotBlank();
    }
  }
}
