package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.route.RouteConflict;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.PeerBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's acceptance test: grpc-gateway's full example descriptor set (67 bindings, three
 * rules sharing {@code POST /rpc/path-nested/{a.str}/rpc}) loads, and every binding of {@code
 * routes.tsv} answers through Rosetta against grpc-gateway's own example backend (Go), with the
 * requests grpc-gateway's integration tests and clients send: a body on rules without one, an
 * empty body, client streams as JSON values one after another, grpc-gateway's stream envelope.
 *
 * <p>Every line of routes.tsv must have a case below (the test fails on one that has none), so a
 * change of the example set cannot go unnoticed. Two services of the set are not registered by
 * the Go backend ({@code WrappersService}, {@code camelCaseServiceName}): their bindings are
 * routed and called all the same, and the representative answer is the backend's 501
 * UNIMPLEMENTED "unknown service". The rules that a later rule on the same path shadows (a
 * warning at start-up) have the served rule's answer. Needs the peer build ({@link PeerBackend}).
 */
class GrpcGatewayExamplesEndToEndTest {
  private static final String PKG = "grpc.gateway.examples.examplepb.";
  private static final Pattern UUID = Pattern.compile("\"uuid\":\"([0-9a-f]+)\"");

  private static PeerBackend backend;
  private static Gateway gateway;
  private static Path routesTsv;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** Resources created up front: one kept (lookups, updates), one to delete. */
  private static String kept;
  private static String doomed;

  @BeforeAll
  static void start() throws Exception {
    Path build = PeerBackend.build();
    routesTsv = build.resolve("descriptors/routes.tsv");
    Path log = Files.createDirectories(Path.of("target", "peer")).resolve("example-grpc-server.log");
    backend = PeerBackend.start(build, log);
    GatewayConfig config = GatewayConfig.of(List.of(build.resolve("descriptors/examples.protoset").toString()),
        backend.target());
    gateway = Gateway.start(GatewayHarness.onLoopback(config));
    kept = create("strprefix/kept");
    doomed = create("strprefix/doomed");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void theFullExampleSetLoadsServingTheLaterOfTheRulesThatShareAPath() {
    assertThat(gateway.routes().conflicts()).extracting(c -> c.winner().source()).containsExactly(
        PKG + "FlowCombination.RpcPathNestedRpc additional_bindings[0]",
        PKG + "FlowCombination.RpcPathNestedRpc additional_bindings[1]",
        PKG + "FlowCombination.RpcPathNestedStream additional_bindings[0]",
        PKG + "FlowCombination.RpcPathNestedStream additional_bindings[1]");
    assertThat(gateway.routes().conflicts()).extracting(RouteConflict::message)
        .allMatch(m -> m.contains("match the same paths; serving"));
    assertThat(gateway.routes().routes()).hasSize(67 - 4);
  }

  @Test
  void everyBindingOfTheExampleSetAnswersThroughTheGoBackend() throws Exception {
    Map<String, Case> cases = cases();
    List<String> lines = Files.readAllLines(routesTsv);
    assertThat(lines).as("routes.tsv").hasSize(67);
    SoftAssertions soft = new SoftAssertions();
    List<String> missing = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t");
      String key = f[0] + " " + f[1] + " " + f[2] + " " + f[4].substring(PKG.length());
      Case c = cases.get(key);
      if (c == null) {
        missing.add(key);
        continue;
      }
      HttpResponse<String> response = send(c);
      soft.assertThat(response.statusCode()).as("%s: %s", key, response.body()).isEqualTo(c.status);
      for (String fragment : c.fragments) {
        soft.assertThat(response.body()).as("%s", key).contains(fragment);
      }
      for (Map.Entry<String, String> header : c.responseHeaders.entrySet()) {
        soft.assertThat(response.headers().firstValue(header.getKey())).as("%s header %s", key, header.getKey())
            .hasValue(header.getValue());
      }
    }
    assertThat(missing).as("bindings of routes.tsv without a case in this test").isEmpty();
    soft.assertAll();
  }

  /** One request and what its answer must hold. */
  private record Case(String method, String path, String body, Map<String, String> headers, int status,
      List<String> fragments, Map<String, String> responseHeaders) {}

  private static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>();
    String abe = "/v1/example/a_bit_of_everything";
    // ABitOfEverythingService: the integration test's Create, with {} on a rule without body.
    put(c, "POST " + abe + "/{float_value}/{double_value}/{int64_value}/separator/{uint64_value}/{int32_value}/"
            + "{fixed64_value}/{fixed32_value}/{bool_value}/{string_value=strprefix/*}/{uint32_value}/{sfixed32_value}/"
            + "{sfixed64_value}/{sint32_value}/{sint64_value}/{nonConventionalNameValue}/{enum_value}/{path_enum_value}/"
            + "{nested_path_enum_value} body= ABitOfEverythingService/Create",
        call("POST", abe + "/1.500000/2.500000/4294967296/separator/9223372036854775807/-2147483648/"
            + "9223372036854775807/4294967295/true/strprefix/foo/4294967295/2147483647/-4611686018427387904/2147483647/"
            + "4611686018427387903/camelCase/ZERO/DEF/JKL", "{}"),
        200, "\"floatValue\":1.5", "\"uint64Value\":\"9223372036854775807\"", "\"stringValue\":\"strprefix/foo\"",
        "\"nonConventionalNameValue\":\"camelCase\"", "\"pathEnumValue\":\"DEF\"", "\"nestedPathEnumValue\":\"JKL\"");
    put(c, "POST " + abe + " body=* ABitOfEverythingService/CreateBody",
        call("POST", abe, "{\"bool_value\":true,\"string_value\":\"strprefix/example\",\"nested\":[{\"name\":\"bar\","
            + "\"amount\":10}],\"map_value\":{\"a\":\"ONE\"},\"oneof_string\":\"x\"}"),
        200, "\"uuid\":\"", "\"nested\":[{\"name\":\"bar\",\"amount\":10}]", "\"mapValue\":{\"a\":\"ONE\"}",
        "\"oneofString\":\"x\"");
    put(c, "GET " + abe + "/{uuid} body= ABitOfEverythingService/Lookup", call("GET", abe + "/" + kept, null),
        Map.of("grpc-metadata-uuid", kept), 200, "\"uuid\":\"" + kept + "\"", "\"stringValue\":\"strprefix/kept\"");
    put(c, "PUT " + abe + "/{uuid} body=* ABitOfEverythingService/Update",
        call("PUT", abe + "/" + kept, "{\"string_value\":\"strprefix/kept\",\"int32_value\":7}"), 200, "{}");
    put(c, "PUT /v2/example/a_bit_of_everything/{abe.uuid} body=abe ABitOfEverythingService/UpdateV2",
        call("PUT", "/v2/example/a_bit_of_everything/" + kept, "{\"string_value\":\"strprefix/kept\"}"), 200, "{}");
    put(c, "PATCH /v2/example/a_bit_of_everything/{abe.uuid} body=abe ABitOfEverythingService/UpdateV2",
        call("PATCH", "/v2/example/a_bit_of_everything/" + kept + "?update_mask=int32Value",
            "{\"int32_value\":9}"), 200, "{}");
    put(c, "PATCH /v2a/example/a_bit_of_everything/{abe.uuid} body=* ABitOfEverythingService/PatchWithFieldMaskInBody",
        call("PATCH", "/v2a/example/a_bit_of_everything/" + kept, "{\"abe\":{\"string_value\":\"strprefix/kept\"}}"),
        200, "{}");
    put(c, "DELETE " + abe + "/{uuid} body= ABitOfEverythingService/Delete", call("DELETE", abe + "/" + doomed, null),
        200, "{}");
    put(c, "GET " + abe + "/query/{uuid} body= ABitOfEverythingService/GetQuery",
        call("GET", abe + "/query/" + kept + "?single_nested.name=hoge&bool_value=true&repeated_string_value=a"
            + "&repeated_string_value=b&enum_value=ONE", null), 200, "{}");
    put(c, "GET /v1/example/a_bit_of_everything_repeated/{path_repeated_float_value}/{path_repeated_double_value}/"
            + "{path_repeated_int64_value}/{path_repeated_uint64_value}/{path_repeated_int32_value}/"
            + "{path_repeated_fixed64_value}/{path_repeated_fixed32_value}/{path_repeated_bool_value}/"
            + "{path_repeated_string_value}/{path_repeated_bytes_value}/{path_repeated_uint32_value}/"
            + "{path_repeated_enum_value}/{path_repeated_sfixed32_value}/{path_repeated_sfixed64_value}/"
            + "{path_repeated_sint32_value}/{path_repeated_sint64_value} body= ABitOfEverythingService/GetRepeatedQuery",
        call("GET", "/v1/example/a_bit_of_everything_repeated/1.5,-1.5/2.5,-2.5/4294967296,-1/0,1/-2147483648,1/0,1/"
            + "0,1/true,false/foo,bar/AA==,_w==/0,1/ZERO,ONE/2147483647,-1/4611686018427387904,-1/2147483647,-1/"
            + "4611686018427387903,-1", null),
        200, "\"pathRepeatedStringValue\":[\"foo\",\"bar\"]", "\"pathRepeatedBytesValue\":[\"AA==\",\"/w==\"]",
        "\"pathRepeatedEnumValue\":[\"ZERO\",\"ONE\"]", "\"pathRepeatedBoolValue\":[true,false]");
    put(c, "GET " + abe + "/echo/{value} body= ABitOfEverythingService/Echo", call("GET", abe + "/echo/hello", null),
        200, "{\"value\":\"hello\"}");
    put(c, "POST /v2/example/echo body=value ABitOfEverythingService/Echo",
        call("POST", "/v2/example/echo", "\"posted\""), 200, "{\"value\":\"posted\"}");
    put(c, "GET /v2/example/echo body= ABitOfEverythingService/Echo", call("GET", "/v2/example/echo?value=q", null),
        200, "{\"value\":\"q\"}");
    put(c, "POST " + abe + "/{single_nested.name} body=* ABitOfEverythingService/DeepPathEcho",
        call("POST", abe + "/deep", "{\"single_nested\":{\"amount\":3}}"),
        200, "\"singleNested\":{\"name\":\"deep\",\"amount\":3}");
    put(c, "GET /v2/example/timeout body= ABitOfEverythingService/Timeout",
        call("GET", "/v2/example/timeout", null, Map.of("Grpc-Timeout", "100m")), 504, "\"code\":4");
    put(c, "GET /v2/example/errorwithdetails body= ABitOfEverythingService/ErrorWithDetails",
        call("GET", "/v2/example/errorwithdetails", null), 500, "\"code\":2", "\"message\":\"with details\"",
        "{\"@type\":\"type.googleapis.com/google.rpc.DebugInfo\",\"stackEntries\":[\"foo:1\"],\"detail\":\"error debug details\"}");
    put(c, "POST /v2/example/withbody/{id} body=data ABitOfEverythingService/GetMessageWithBody",
        call("POST", "/v2/example/withbody/7", "{\"name\":\"n\"}"), 200, "{}");
    // An empty body on body "*" is an empty message (the integration test's TestPostWithEmptyBody).
    put(c, "POST /v2/example/postwithemptybody/{name} body=* ABitOfEverythingService/PostWithEmptyBody",
        call("POST", "/v2/example/postwithemptybody/name", ""), 200, "{}");
    put(c, "GET /v2/example/empty body= camelCaseServiceName/Empty", call("GET", "/v2/example/empty", null),
        501, "\"code\":12", "unknown service " + PKG + "camelCaseServiceName");
    // EchoService
    put(c, "POST /v1/example/echo/{id} body= EchoService/Echo", call("POST", "/v1/example/echo/abc", "{\"id\":\"ignored\"}"),
        200, "{\"id\":\"abc\"}");
    put(c, "GET /v1/example/echo/{id}/{num} body= EchoService/Echo", call("GET", "/v1/example/echo/a/42", null),
        200, "{\"id\":\"a\",\"num\":\"42\"}");
    put(c, "GET /v1/example/echo/{id}/{num}/{lang} body= EchoService/Echo",
        call("GET", "/v1/example/echo/a/42/en", null), 200, "{\"id\":\"a\",\"num\":\"42\",\"lang\":\"en\"}");
    put(c, "GET /v1/example/echo1/{id}/{line_num}/{status.note} body= EchoService/Echo",
        call("GET", "/v1/example/echo1/a/10/golang", null), 200,
        "{\"id\":\"a\",\"lineNum\":\"10\",\"status\":{\"note\":\"golang\"}}");
    put(c, "GET /v1/example/echo2/{no.note} body= EchoService/Echo", call("GET", "/v1/example/echo2/n", null),
        200, "{\"no\":{\"note\":\"n\"}}");
    put(c, "POST /v1/example/echo_body body=* EchoService/EchoBody",
        call("POST", "/v1/example/echo_body", "{\"id\":\"x\",\"num\":\"3\"}"),
        Map.of("grpc-metadata-foo", "foo1", "grpc-trailer-foo", "foo2"), 200, "{\"id\":\"x\",\"num\":\"3\"}");
    put(c, "DELETE /v1/example/echo_delete body= EchoService/EchoDelete",
        call("DELETE", "/v1/example/echo_delete?id=x&num=1", null), 200, "{\"id\":\"x\",\"num\":\"1\"}");
    // FlowCombination: every way of binding, unary, server, client and bidi streams.
    Map<String, String> envelope = Map.of("Accept", "application/x-grpc-gateway+json");
    put(c, "POST /rpc/empty/rpc body= FlowCombination/RpcEmptyRpc", call("POST", "/rpc/empty/rpc", null), 200, "{}");
    put(c, "POST /rpc/empty/stream body= FlowCombination/RpcEmptyStream",
        call("POST", "/rpc/empty/stream", null, envelope), 200, "{\"result\":{}}\n");
    put(c, "POST /stream/empty/rpc body= FlowCombination/StreamEmptyRpc",
        call("POST", "/stream/empty/rpc", "{}\n{}{}"), 200, "{}");
    put(c, "POST /stream/empty/stream body= FlowCombination/StreamEmptyStream",
        call("POST", "/stream/empty/stream", "{} {}"), 200, "[{}]");
    for (String shape : List.of("rpc", "stream")) {
      boolean stream = shape.equals("stream");
      String method = stream ? "RpcBodyStream" : "RpcBodyRpc";
      String ok = stream ? "[{}]" : "{}";
      put(c, "POST /rpc/body/" + shape + " body=* FlowCombination/" + method,
          call("POST", "/rpc/body/" + shape, "{\"a\":\"x\",\"b\":\"y\",\"c\":\"z\"}"), 200, ok);
      put(c, "POST /rpc/path/{a}/{b}/{c}/" + shape + " body= FlowCombination/" + method,
          call("POST", "/rpc/path/x/y/z/" + shape, null), 200, ok);
      put(c, "POST /rpc/query/" + shape + " body= FlowCombination/" + method,
          call("POST", "/rpc/query/" + shape + "?a=x&b=y&c=z", null), 200, ok);
      put(c, "POST /rpc/body/path/{a}/{b}/" + shape + " body=c FlowCombination/" + method,
          call("POST", "/rpc/body/path/x/y/" + shape, "\"z\""), 200, ok);
      put(c, "POST /rpc/body/query/" + shape + " body=c FlowCombination/" + method,
          call("POST", "/rpc/body/query/" + shape + "?a=x&b=y", "\"z\""), 200, ok);
      put(c, "POST /rpc/body/path/{a}/query/" + shape + " body=c FlowCombination/" + method,
          call("POST", "/rpc/body/path/x/query/" + shape + "?b=y", "\"z\""), 200, ok);
      put(c, "POST /rpc/path/{a}/query/" + shape + " body= FlowCombination/" + method,
          call("POST", "/rpc/path/x/query/" + shape + "?b=y&c=z", null), 200, ok);
      String nested = stream ? "RpcPathNestedStream" : "RpcPathNestedRpc";
      String single = stream ? "RpcPathSingleNestedStream" : "RpcPathSingleNestedRpc";
      put(c, "POST /rpc/path-nested/{a.str}/{b}/" + shape + " body=c FlowCombination/" + nested,
          call("POST", "/rpc/path-nested/x/y/" + shape, "\"z\""), 200, ok);
      // Three rules share this path; the last (body c) is served, so all three get its answer.
      Case shared = new Case("POST", "/rpc/path-nested/x/" + shape, "\"z\"", Map.of(), 200, List.of(ok), Map.of());
      c.put("POST /rpc/path-nested/{a.str}/" + shape + " body= FlowCombination/" + single, shared);
      c.put("POST /rpc/path-nested/{a.str}/" + shape + " body= FlowCombination/" + nested, shared);
      c.put("POST /rpc/path-nested/{a.str}/" + shape + " body=c FlowCombination/" + nested, shared);
    }
    // ResponseBodyService: response_body
    put(c, "GET /responsebody/{data} body= ResponseBodyService/GetResponseBody", call("GET", "/responsebody/foo", null),
        200, "{\"data\":\"foo\"}");
    // StreamService: grpc-gateway's client stream framing (values one after another, newline-separated)
    put(c, "POST " + abe + "/bulk body=* StreamService/BulkCreate",
        call("POST", abe + "/bulk", "{\"string_value\":\"strprefix/bulk1\"}\n{\"string_value\":\"strprefix/bulk2\"}\n"),
        Map.of("grpc-metadata-count", "2", "grpc-trailer-foo", "foo2"), 200, "{}");
    put(c, "GET " + abe + " body= StreamService/List", call("GET", abe, null, envelope),
        200, "{\"result\":{\"uuid\":\"", "\"uuid\":\"" + kept + "\"", "}}\n");
    put(c, "POST " + abe + "/echo body=* StreamService/BulkEcho",
        call("POST", abe + "/echo", "{\"value\":\"a\"}\n{\"value\":\"b\"}"), 200, "[{\"value\":\"a\"},{\"value\":\"b\"}]");
    // WrappersService: routed and called, but example-grpc-server does not register the service.
    String[][] wrappers = {{"/v1/example/wrappers", "Create", "{\"stringValue\":\"x\"}"},
        {"/v1/testString", "CreateStringValue", "\"x\""}, {"/v1/testInt32", "CreateInt32Value", "1"},
        {"/v1/testInt64", "CreateInt64Value", "\"1\""}, {"/v1/testFloat", "CreateFloatValue", "1.5"},
        {"/v1/testDouble", "CreateDoubleValue", "2.5"}, {"/v1/testBool", "CreateBoolValue", "true"},
        {"/v1/testUint32", "CreateUInt32Value", "1"}, {"/v1/testUint64", "CreateUInt64Value", "\"1\""},
        {"/v1/testBytes", "CreateBytesValue", "\"AA==\""}, {"/v1/testEmpty", "CreateEmpty", "{}"}};
    for (String[] w : wrappers) {
      put(c, "POST " + w[0] + " body=* WrappersService/" + w[1], call("POST", w[0], w[2]), 501, "\"code\":12",
          "unknown service " + PKG + "WrappersService");
    }
    return c;
  }

  private static Case call(String method, String path, String body) {
    return call(method, path, body, Map.of());
  }

  private static Case call(String method, String path, String body, Map<String, String> headers) {
    return new Case(method, path, body, headers, 0, List.of(), Map.of());
  }

  private static void put(Map<String, Case> cases, String key, Case call, int status, String... fragments) {
    put(cases, key, call, Map.of(), status, fragments);
  }

  private static void put(Map<String, Case> cases, String key, Case call, Map<String, String> responseHeaders,
      int status, String... fragments) {
    Case previous = cases.put(key, new Case(call.method, call.path, call.body, call.headers, status, List.of(fragments),
        responseHeaders));
    assertThat(previous).as("two cases for %s", key).isNull();
  }

  private static HttpResponse<String> send(Case c) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.address().getPort() + c.path))
        .timeout(Duration.ofSeconds(20))
        .method(c.method, c.body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body));
    if (c.body != null) {
      request.header("Content-Type", "application/json"); // what grpc-gateway's clients send
    }
    c.headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String create(String stringValue) throws Exception {
    HttpResponse<String> response = send(new Case("POST", "/v1/example/a_bit_of_everything",
        "{\"string_value\":\"" + stringValue + "\"}", Map.of(), 200, List.of(), Map.of()));
    Matcher m = UUID.matcher(response.body());
    assertThat(m.find()).as("created: %s", response.body()).isTrue();
    return m.group(1);
  }
}
