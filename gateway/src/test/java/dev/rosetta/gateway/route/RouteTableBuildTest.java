package dev.rosetta.gateway.route;

import static dev.rosetta.gateway.route.TestApi.describe;
import static dev.rosetta.gateway.route.TestApi.get;
import static dev.rosetta.gateway.route.TestApi.m;
import static dev.rosetta.gateway.route.TestApi.rule;
import static dev.rosetta.gateway.route.TestApi.withAdditional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTableBuildTest {
  private static final String DO = TestApi.SERVICE + ".Do";
  private static final String REQ = TestApi.PKG + ".Req";

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        bad(get("/v1/{name=shelves/*"),
            DO + ": GET /v1/{name=shelves/*: expected '}' at offset 19 in /v1/{name=shelves/*"),
        bad(get(""), DO + ": GET : expected '/' at offset 0 in "),
        bad(get("/v1/{nme}"), DO + ": GET /v1/{nme}: variable {nme}: " + REQ + " has no field 'nme'"),
        bad(get("/v1/{book.nme}"),
            DO + ": GET /v1/{book.nme}: variable {book.nme}: " + TestApi.PKG + ".Book has no field 'nme'"),
        bad(get("/v1/{book.author.born.x}"),
            DO + ": GET /v1/{book.author.born.x}: variable {book.author.born.x}: google.protobuf.Timestamp"
                + " has no field 'x'"),
        bad(get("/v1/{Name}"), DO + ": GET /v1/{Name}: variable {Name}: " + REQ + " has no field 'Name'"),
        bad(get("/v1/{labels}"), DO + ": GET /v1/{labels}: variable {labels}: field 'labels' of " + REQ
            + " is a map; a path variable binds one value, or a comma-separated list of scalars"),
        bad(get("/v1/{labels.key}"), DO + ": GET /v1/{labels.key}: variable {labels.key}: field 'labels' of "
            + REQ + " is a map; only the last field of a path variable may be repeated"),
        bad(get("/v1/{book}"), DO + ": GET /v1/{book}: variable {book}: field 'book' of " + REQ
            + " is a message (" + TestApi.PKG + ".Book); a path variable binds a string, number, bool,"
            + " enum or bytes field"),
        bad(get("/v1/{when}"), DO + ": GET /v1/{when}: variable {when}: field 'when' of " + REQ
            + " is a message (google.protobuf.Timestamp); a path variable binds a string, number, bool,"
            + " enum or bytes field"),
        bad(get("/v1/{name.x}"), DO + ": GET /v1/{name.x}: variable {name.x}: field 'name' of " + REQ
            + " is not a message, so has no field 'x'"),
        bad(rule("POST", "/v1/x", "nme"), DO + ": POST /v1/x: body 'nme': " + REQ
            + " has no field 'nme' (body is '', '*' or a request field)"),
        bad(rule("POST", "/v1/x", "book.nme"), DO + ": POST /v1/x: body 'book.nme': " + TestApi.PKG
            + ".Book has no field 'nme' (body is '', '*' or a request field)"),
        bad(rule("POST", "/v1/x", "tags.x"), DO + ": POST /v1/x: body 'tags.x': field 'tags' of " + REQ
            + " is repeated; every field of the path but the last must be a singular message"),
        bad(get("/v1/x").toBuilder().setResponseBody("nope").build(), DO + ": GET /v1/x: response_body 'nope': "
            + TestApi.PKG + ".Resp has no field 'nope' (response_body is a response field)"),
        bad(get("/v1/x").toBuilder().setResponseBody("etag.x").build(), DO
            + ": GET /v1/x: response_body 'etag.x': field 'etag' of " + TestApi.PKG
            + ".Resp is not a message; every field of the path but the last must be a singular message"),
        bad(rule("", "/v1/x"), DO + ": custom kind '' of /v1/x is not an HTTP method token (RFC 9110)"),
        bad(rule("GET X", "/v1/x"), DO + ": custom kind 'GET X' of /v1/x is not an HTTP method token (RFC 9110)"),
        bad(HttpRule.newBuilder().setBody("*").build(),
            DO + ": the http rule has no pattern (one of get, put, post, delete, patch, custom)"),
        bad(withAdditional(get("/v1/a"), get("/v1/b"), get("/v1/{nme}")),
            DO + " additional_bindings[1]: GET /v1/{nme}: variable {nme}: " + REQ + " has no field 'nme'"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidRules")
  void rejectsInvalidRuleNamingMethodAndTemplate(HttpRule rule, String message) {
    assertThatThrownBy(() -> TestApi.table(List.of(m("Do", rule))))
        .isInstanceOf(RouteException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> conflicts() {
    return Stream.of(
        conflict(get("/v1/shelves/{id}"), get("/v1/{name=shelves/*}"),
            "route conflict: GET /v1/shelves/{id} (" + TestApi.SERVICE + ".GetX) and GET /v1/{name=shelves/*} ("
                + TestApi.SERVICE + ".GetY) match the same paths"),
        conflict(get("/v1/{name}:x"), get("/v1/*:x"),
            "route conflict: GET /v1/{name}:x (" + TestApi.SERVICE + ".GetX) and GET /v1/*:x ("
                + TestApi.SERVICE + ".GetY) match the same paths"),
        conflict(get("/v1/{path=**}"), get("/v1/**"),
            "route conflict: GET /v1/{path=**} (" + TestApi.SERVICE + ".GetX) and GET /v1/** ("
                + TestApi.SERVICE + ".GetY) match the same paths"),
        conflict(get("/v1/%61"), get("/v1/a"),
            "route conflict: GET /v1/%61 (" + TestApi.SERVICE + ".GetX) and GET /v1/a ("
                + TestApi.SERVICE + ".GetY) match the same paths"),
        conflict(rule("GET", "/v1/a", "*"), rule("GET", "/v1/a"),
            "route conflict: GET /v1/a (" + TestApi.SERVICE + ".GetX) and GET /v1/a ("
                + TestApi.SERVICE + ".GetY) match the same paths"));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("conflicts")
  void strictRoutesRejectTwoRulesMatchingTheSamePaths(HttpRule first, HttpRule second, String message) {
    assertThatThrownBy(() -> RouteTable.build(TestApi.registry(List.of(m("GetX", first), m("GetY", second))),
            new RouteOptions(true, false)))
        .isInstanceOf(RouteException.class)
        .hasMessage(message + " (--strict-routes refuses conflicting rules)");
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("conflicts")
  void servesTheLaterOfTwoRulesMatchingTheSamePathsAndNamesBoth(HttpRule first, HttpRule second, String message)
      throws RouteException {
    RouteTable table = TestApi.table(List.of(m("GetX", first), m("GetY", second)));

    assertThat(table.routes()).extracting(Route::source).containsExactly(TestApi.SERVICE + ".GetY");
    assertThat(table.conflicts()).extracting(RouteConflict::message)
        .containsExactly(message + "; serving " + TestApi.SERVICE + ".GetY, the later rule");
  }

  @Test
  void threeRulesOnOnePathServeTheLastAndWarnTwice() throws RouteException {
    RouteTable table = TestApi.table(List.of(m("A", get("/v1/{name}")),
        m("B", withAdditional(get("/v1/{id}"), get("/v1/{shelf}")))));

    assertThat(table.routes()).extracting(Route::source).containsExactly(TestApi.SERVICE + ".B additional_bindings[0]");
    assertThat(table.conflicts()).extracting(c -> c.shadowed().source() + " -> " + c.winner().source())
        .containsExactly(TestApi.SERVICE + ".A -> " + TestApi.SERVICE + ".B",
            TestApi.SERVICE + ".B -> " + TestApi.SERVICE + ".B additional_bindings[0]");
    assertThat(describe(table.match("GET", "/v1/x"))).isEqualTo("Library.B additional_bindings[0] shelf=x");
  }

  @Test
  void autoRoutesPostEveryMethodWithoutARuleUnderItsFullNameAndNeverDisplaceARule() throws RouteException {
    RouteTable table = RouteTable.build(TestApi.registry(List.of(m("A", get("/v1/a")), m("B", null),
        m("C", rule("POST", "/" + TestApi.SERVICE + "/B", "*")))), new RouteOptions(false, true));

    assertThat(table.routes()).extracting(r -> r + " " + r.body() + " " + r.source()).containsExactly(
        "GET /v1/a  " + TestApi.SERVICE + ".A",
        "POST /" + TestApi.SERVICE + "/B * " + TestApi.SERVICE + ".C");
    assertThat(table.conflicts()).extracting(c -> c.shadowed().source())
        .containsExactly(TestApi.SERVICE + ".B (auto route)");
    RouteTable onlyAuto = RouteTable.build(TestApi.registry(List.of(m("A", get("/v1/a")), m("B", null))),
        new RouteOptions(false, true));
    assertThat(describe(onlyAuto.match("POST", "/" + TestApi.SERVICE + "/B"))).isEqualTo("Library.B (auto route)");
    assertThat(onlyAuto.routes().get(1).body()).isEqualTo("*");
  }

  @Test
  void anAutoRouteIsItsMethodsRpcPathRouteServedAsRest() throws RouteException {
    RouteTable table = RouteTable.build(TestApi.registry(List.of(m("A", get("/v1/a")), m("B", null))),
        new RouteOptions(false, true));
    Route auto = table.routes().get(1);
    Route procedure = table.procedure("/" + TestApi.SERVICE + "/B").route();

    assertThat(auto.method()).isSameAs(procedure.method());
    assertThat(List.of(auto.httpMethod(), auto.template(), auto.body(), auto.bodyPath(), auto.pathFields()))
        .isEqualTo(List.of(procedure.httpMethod(), procedure.template(), procedure.body(), procedure.bodyPath(),
            procedure.pathFields()));
    assertThat(List.of(auto.source(), procedure.source()))
        .containsExactly(TestApi.SERVICE + ".B (auto route)", TestApi.SERVICE + ".B (RPC path)");
    assertThat(table.procedure("/" + TestApi.SERVICE + "/A").route().source()).as("with a rule, too")
        .isEqualTo(TestApi.SERVICE + ".A (RPC path)");
  }

  @Test
  void resolvesNestedBodyAndResponseBodyPathsAsEnvoyDoes() throws RouteException {
    HttpRule rule = rule("PUT", "/v1/x", "book.author").toBuilder().setResponseBody("book.author").build();
    Route route = TestApi.table(List.of(m("Do", rule))).routes().get(0);

    assertThat(route.bodyPath()).extracting(FieldDescriptor::getFullName)
        .containsExactly(REQ + ".book", TestApi.PKG + ".Book.author");
    assertThat(route.bodyField().getFullName()).isEqualTo(TestApi.PKG + ".Book.author");
    assertThat(route.responseBody()).isEqualTo("book.author");
    assertThat(route.responseBodyField().getFullName()).isEqualTo(TestApi.PKG + ".Book.author");
  }

  static Stream<Arguments> compatible() {
    return Stream.of(
        Arguments.of(get("/v1/a"), rule("POST", "/v1/a")),
        Arguments.of(get("/v1/a:x"), get("/v1/a:y")),
        Arguments.of(get("/v1/a:x"), get("/v1/a")),
        Arguments.of(get("/v1/*"), get("/v1/**")),
        Arguments.of(get("/v1/*"), get("/v1/a")),
        Arguments.of(get("/v1/{name=a/*}"), get("/v1/{name=a/**}")),
        Arguments.of(rule("GET", "/v1/a"), rule("get", "/v1/a")));
  }

  @ParameterizedTest(name = "[{index}] {0} and {1}")
  @MethodSource("compatible")
  void acceptsRulesThatDifferInMethodShapeOrVerb(HttpRule first, HttpRule second) throws RouteException {
    assertThat(TestApi.table(List.of(m("GetX", first), m("GetY", second))).routes()).hasSize(2);
  }

  @Test
  void resolvesEveryPartOfARule() throws RouteException {
    HttpRule rule = rule("PATCH", "/v1/{book.author.name}/{id}", "book").toBuilder().setResponseBody("etag").build();
    Route route = TestApi.table(List.of(m("Do", rule))).routes().get(0);

    assertThat(route.httpMethod()).isEqualTo("PATCH");
    assertThat(route.template().toString()).isEqualTo("/v1/{book.author.name}/{id}");
    assertThat(route.method().getFullName()).isEqualTo(DO);
    assertThat(route.body()).isEqualTo("book");
    assertThat(route.bodyField().getFullName()).isEqualTo(REQ + ".book");
    assertThat(route.responseBodyField().getFullName()).isEqualTo(TestApi.PKG + ".Resp.etag");
    assertThat(route.pathFields()).map(path -> path.stream().map(FieldDescriptor::getFullName).toList())
        .containsExactly(
            List.of(REQ + ".book", TestApi.PKG + ".Book.author", TestApi.PKG + ".Author.name"),
            List.of(REQ + ".id"));
    assertThat(route.source()).isEqualTo(DO);
  }

  @Test
  void acceptsARepeatedScalarAsTheLastFieldOfAVariableAsGrpcGatewayDoes() throws RouteException {
    RouteTable table = TestApi.table(List.of(m("A", get("/v1/{tags}")), m("B", get("/v1/books/{book.tags}"))));

    assertThat(table.routes()).map(r -> r.pathFields().get(0).get(r.pathFields().get(0).size() - 1).getFullName())
        .containsExactly(REQ + ".tags", TestApi.PKG + ".Book.tags");
  }

  @Test
  void acceptsBodyOnGetAndDeleteAndStarBody() throws RouteException {
    RouteTable table = TestApi.table(List.of(
        m("A", rule("GET", "/v1/a", "*")),
        m("B", rule("DELETE", "/v1/b", "book")),
        m("C", rule("POST", "/v1/c", "tags"))));

    assertThat(table.routes()).extracting(Route::body).containsExactly("*", "book", "tags");
    assertThat(table.routes()).extracting(r -> r.bodyField() == null ? null : r.bodyField().getName())
        .containsExactly(null, "book", "tags");
    assertThat(table.routes()).extracting(Route::responseBodyField).containsOnlyNulls();
  }

  @Test
  void ignoresAdditionalBindingsOfAdditionalBindings() throws RouteException {
    HttpRule nested = withAdditional(get("/v1/b"), get("/v1/c"));
    RouteTable table = TestApi.table(List.of(m("Do", withAdditional(get("/v1/a"), nested))));

    assertThat(table.routes()).extracting(Route::toString).containsExactly("GET /v1/a", "GET /v1/b");
    assertThat(table.routes()).extracting(Route::source).containsExactly(DO, DO + " additional_bindings[0]");
  }

  @Test
  void buildsAnEmptyTableWhenNoMethodIsAnnotated() throws RouteException {
    RouteTable table = TestApi.table(List.of(m("Do", null)));

    assertThat(table.routes()).isEmpty();
    assertThat(table.match("GET", "/v1/a")).isEqualTo(new RouteLookup.NotFound());
  }

  private static Arguments bad(HttpRule rule, String message) {
    return Arguments.of(rule, message);
  }

  private static Arguments conflict(HttpRule first, HttpRule second, String message) {
    return Arguments.of(first, second, message);
  }
}
