package dev.rosetta.gateway.route;

import static dev.rosetta.gateway.route.TestApi.describe;
import static dev.rosetta.gateway.route.TestApi.get;
import static dev.rosetta.gateway.route.TestApi.m;
import static dev.rosetta.gateway.route.TestApi.rule;
import static dev.rosetta.gateway.route.TestApi.withAdditional;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableMatchTest {
  private static RouteTable table;

  @BeforeAll
  static void buildTable() throws RouteException {
    table = TestApi.table(List.of(
        m("GetShelf", get("/v1/shelves/{shelf}")),
        m("ListShelves", get("/v1/shelves")),
        m("SearchShelves", get("/v1/shelves/search")),
        m("DeleteShelf", rule("DELETE", "/v1/shelves/{shelf}")),
        m("WatchShelf", rule("WATCH", "/v1/shelves/{shelf}")),
        m("Publish", rule("POST", "/v1/{name=shelves/*}:publish", "*")),
        m("GetBook", get("/v1/{name=shelves/*/books/*}")),
        m("GetSpecialBook", get("/v1/shelves/special/books/{id}")),
        m("CreateBook", rule("POST", "/v1/shelves/{shelf}/books", "book")),
        m("UpdateBook", withAdditional(
            rule("PATCH", "/v1/{book.name=shelves/*/books/*}", "book"),
            rule("PUT", "/v1/{book.name=shelves/*/books/*}", "*"))),
        m("GetAuthor", get("/v1/authors/{book.author.name}")),
        m("GetCount", get("/v1/counts/{count}/flags/{flag}/kinds/{kind}")),
        m("GetFile", get("/v1/files/{path=**}")),
        m("GetReadme", get("/v1/files/readme")),
        m("DownloadFile", get("/v1/files/{path=**}:download")),
        m("GetObject", get("/v1/{name=objects/*/**}")),
        m("GetOperation", get("/v1/{name=operations/*}")),
        m("CancelOperation", rule("POST", "/v1/{name=operations/*}:cancel", "*")),
        m("Echo", get("/v1/echo/{name=*}")),
        m("EchoFixed", get("/v1/echo/{name=fixed}")),
        m("Cafe", get("/v1/caf%C3%A9")),
        m("Unrouted", null),
        m("Rest", get("/v2/{path=**}")),
        m("Thing", get("/v2/{name=things/*}")),
        m("SpecialThing", get("/v2/things/special")),
        m("SpecialPart", get("/v2/things/special/parts/{id}")),
        m("WildThenLiteral", get("/v3/{name}/fixed")),
        m("LiteralThenWild", get("/v3/fixed/{shelf}")),
        m("ListDocs", get("/v4/docs")),
        m("GetDoc", get("/v4/docs/{path=**}"))));
  }

  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # literals and single wildcards
      GET    | /v1/shelves                      | Library.ListShelves
      GET    | /v1/shelves/s1                   | Library.GetShelf shelf=s1
      GET    | /v1/shelves/search               | Library.SearchShelves
      DELETE | /v1/shelves/s1                   | Library.DeleteShelf shelf=s1
      WATCH  | /v1/shelves/s1                   | Library.WatchShelf shelf=s1
      GET    | /v1/echo/e1                      | Library.Echo name=e1
      # literal segments inside a variable are part of its value
      GET    | /v1/shelves/s1/books/b1          | Library.GetBook name=shelves/s1/books/b1
      GET    | /v1/echo/fixed                   | Library.EchoFixed name=fixed
      # nested field paths, additional bindings
      GET    | /v1/authors/ann                  | Library.GetAuthor book.author.name=ann
      GET    | /v1/counts/7/flags/true/kinds/HARDCOVER | Library.GetCount count=7 flag=true kind=HARDCOVER
      PATCH  | /v1/shelves/s1/books/b1          | Library.UpdateBook book.name=shelves/s1/books/b1
      PUT    | /v1/shelves/s1/books/b1          | Library.UpdateBook additional_bindings[0] book.name=shelves/s1/books/b1
      # ** matches zero or more segments
      GET    | /v1/files                        | "Library.GetFile path="
      GET    | /v1/files/a                      | Library.GetFile path=a
      GET    | /v1/files/a/b/c                  | Library.GetFile path=a/b/c
      GET    | /v1/objects/o1                   | Library.GetObject name=objects/o1
      GET    | /v1/objects/o1/x/y               | Library.GetObject name=objects/o1/x/y
      GET    | /v1/objects                      | 404
      # precedence: literal, then *, then **, with backtracking
      GET    | /v1/files/readme                 | Library.GetReadme
      GET    | /v1/files/readme/x               | Library.GetFile path=readme/x
      GET    | /v1/shelves/special/books/b1     | Library.GetSpecialBook id=b1
      GET    | /v1/shelves/other/books/b1       | Library.GetBook name=shelves/other/books/b1
      GET    | /v1/shelves/special              | Library.GetShelf shelf=special
      GET    | /v2                              | "Library.Rest path="
      GET    | /v2/things/special               | Library.SpecialThing
      GET    | /v2/things/t1                    | Library.Thing name=things/t1
      GET    | /v2/things/t1/x                  | Library.Rest path=things/t1/x
      GET    | /v2/things/special/parts/p1      | Library.SpecialPart id=p1
      GET    | /v2/things/special/x             | Library.Rest path=things/special/x
      GET    | /v2/things                       | Library.Rest path=things
      GET    | /v3/fixed/fixed                  | Library.LiteralThenWild shelf=fixed
      GET    | /v3/x/fixed                      | Library.WildThenLiteral name=x
      GET    | /v4/docs                         | Library.ListDocs
      GET    | /v4/docs/d1                      | Library.GetDoc path=d1
      # verbs
      POST   | /v1/operations/op1:cancel        | Library.CancelOperation name=operations/op1
      POST   | /v1/operations/a:b:cancel        | Library.CancelOperation name=operations/a:b
      POST   | /v1/operations/op1:c%61ncel      | Library.CancelOperation name=operations/op1
      GET    | /v1/operations/op1:cancel        | Library.GetOperation name=operations/op1:cancel
      POST   | /v1/shelves/s1:publish           | Library.Publish name=shelves/s1
      GET    | /v1/shelves/s1:publish           | Library.GetShelf shelf=s1:publish
      GET    | /v1/shelves/s1:x                 | Library.GetShelf shelf=s1:x
      GET    | /v1/shelves/s1:download          | Library.GetShelf shelf=s1:download
      GET    | /v1/files/a/b:download           | Library.DownloadFile path=a/b
      GET    | /v1/files:download               | "Library.DownloadFile path="
      GET    | /v1/files/:download              | Library.GetFile path=:download
      GET    | /v1/files/a/b:                   | Library.GetFile path=a/b:
      GET    | /v1/files/a%3Adownload           | Library.GetFile path=a:download
      POST   | /v1/operations/op1%3Acancel      | 405 [GET]
      POST   | /v1/operations/op1:unknown       | 405 [GET]
      POST   | /v1/operations:cancel            | 404
      # 405 lists exactly the methods whose routes match; 404 otherwise
      DELETE | /v1/shelves                      | 405 [GET]
      POST   | /v1/shelves/s1                   | 405 [DELETE, GET, WATCH]
      watch  | /v1/shelves/s1                   | 405 [DELETE, GET, WATCH]
      HEAD   | /v1/shelves                      | 405 [GET]
      GET    | /v1/shelves/s1/books             | 405 [POST]
      DELETE | /v1/shelves/s1/books/b1          | 405 [GET, PATCH, PUT]
      GET    | /v1/nothing/here                 | 404
      GET    | /v9                              | 404
      GET    | /v1/shelves/s1/books/b1/x        | 404
      # percent-decoding: single-segment variables fully, multi-segment ones all but %2F
      GET    | /v1/shelves/a%2Fb                | Library.GetShelf shelf=a/b
      GET    | /v1/echo/x%2fy                   | Library.Echo name=x/y
      GET    | /v1/shelves/caf%C3%A9            | Library.GetShelf shelf=café
      GET    | /v1/shelves/%F0%9F%93%9A         | Library.GetShelf shelf=📚
      GET    | /v1/shelves/a%20b+c              | Library.GetShelf shelf=a b+c
      GET    | /v1/shelves/%FF                  | Library.GetShelf shelf=\uFFFD
      GET    | /v1/shelves/café%21              | Library.GetShelf shelf=café!
      GET    | /v1/shelves/📚%21                | Library.GetShelf shelf=📚!
      GET    | /v1/shelves/s%2F1/books/b%2f1    | Library.GetBook name=shelves/s%2F1/books/b%2f1
      GET    | /v1/shelves/s%201/books/b1       | Library.GetBook name=shelves/s 1/books/b1
      GET    | /v1/files/a%2Fb/caf%C3%A9        | Library.GetFile path=a%2Fb/café
      GET    | /v1/objects/o%2F1/%2F            | Library.GetObject name=objects/o%2F1/%2F
      GET    | /v1/operations/op1%3Acancel      | Library.GetOperation name=operations/op1:cancel
      # literals compare against the decoded segment; %2F never splits
      GET    | /v1/shelve%73                    | Library.ListShelves
      GET    | /v1/shelves/s%65arch             | Library.SearchShelves
      GET    | /v1/echo/fix%65d                 | Library.EchoFixed name=fixed
      GET    | /v1/caf%C3%A9                    | Library.Cafe
      GET    | /v1/café                         | Library.Cafe
      GET    | /v1%2Fshelves                    | 404
      GET    | /v1/shelves%2Fs1                 | 404
      # empty segments match nothing
      GET    | /v1/shelves/                     | 404
      GET    | /v1/files/                       | 404
      GET    | /v1//shelves                     | 404
      GET    | /v1/files//a                     | 404
      GET    | /                                | 404
      GET    | //                               | 404
      # malformed paths
      GET    | /v1/shelves/%zz                  | 400 invalid percent-encoding in path: /v1/shelves/%zz
      GET    | /v1/shelves/%4                   | 400 invalid percent-encoding in path: /v1/shelves/%4
      GET    | /v1/shelves/a%2                  | 400 invalid percent-encoding in path: /v1/shelves/a%2
      GET    | /nope/%                          | 400 invalid percent-encoding in path: /nope/%
      GET    | /v1/%g1/                         | 400 invalid percent-encoding in path: /v1/%g1/
      POST   | /v1/operations/op1:%zz           | 400 invalid percent-encoding in path: /v1/operations/op1:%zz
      GET    | v1/shelves                       | 400 path does not start with '/': v1/shelves
      GET    | ""                               | "400 path does not start with '/': "
      """)
  void matchesRequests(String method, String path, String expected) {
    assertThat(describe(table.match(method, path))).isEqualTo(expected.replace("\\uFFFD", "\uFFFD"));
  }

  /**
   * Templates Envoy's transcoder accepts beyond http.proto: a {@code **} followed by literals
   * (one or more segments, as few as let the literals match, as grpc-httpjson-transcoding's path
   * matcher does) and the root template.
   */
  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      GET    | /                                | Library.Root
      POST   | /                                | 405 [GET]
      GET    | /v5/a/items                      | Library.Inner path=a
      GET    | /v5/a/b/c/items                  | Library.Inner path=a/b/c
      GET    | /v5/items/items                  | Library.Inner path=items
      GET    | /v5/a/items/items                | Library.Inner path=a/items
      GET    | /v5/items                        | Library.Rest5 path=items
      GET    | /v5/a/items/x                    | Library.Rest5 path=a/items/x
      GET    | /v5/a/b/items:list               | Library.InnerVerb
      GET    | /v5/items:list                   | Library.Rest5 path=items:list
      GET    | /v6/n1/p/q/end/x                 | Library.Between name=n1 path=p/q shelf=x
      GET    | /v6/n1/p%2Fq/end/x               | Library.Between name=n1 path=p%2Fq shelf=x
      GET    | /v6/n1/end/x                     | 404
      GET    | /v6/n1/p/end/y                   | 404
      """)
  void matchesAnInnerDoubleStarAndTheRootAsEnvoyDoes(String method, String path, String expected) throws RouteException {
    RouteTable envoy = TestApi.table(List.of(
        m("Root", get("/")),
        m("Inner", get("/v5/{path=**}/items")),
        m("InnerVerb", get("/v5/**/items:list")),
        m("Rest5", get("/v5/{path=**}")),
        m("Between", get("/v6/{name}/{path=**}/end/{shelf=x}"))));

    assertThat(describe(envoy.match(method, path))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Library.GetShelf                           | GET /v1/shelves/{shelf}
      Library.UpdateBook                         | PATCH /v1/{book.name=shelves/*/books/*}
      Library.UpdateBook additional_bindings[0]  | PUT /v1/{book.name=shelves/*/books/*}
      Library.WatchShelf                         | WATCH /v1/shelves/{shelf}
      """)
  void listsRoutesBySource(String source, String route) {
    assertThat(table.routes())
        .filteredOn(r -> r.source().equals(TestApi.PKG + "." + source))
        .map(Route::toString)
        .containsExactly(route);
  }

  @Test
  void findsEveryLiteralAmongManySiblings() throws RouteException {
    List<TestApi.M> methods = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      methods.add(m("R" + i, get("/v1/r" + i + "/{name}")));
    }
    RouteTable many = TestApi.table(methods);

    for (int i = 0; i < 300; i++) {
      assertThat(describe(many.match("GET", "/v1/r" + i + "/x"))).isEqualTo("Library.R" + i + " name=x");
    }
    assertThat(describe(many.match("GET", "/v1/r300/x"))).isEqualTo("404");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # withEncodedSlashesDecoded: %2F is '/' before matching, for clients that encode path parameters
      /v1/shelves%2Fs1%2Fbooks%2Fb1        | Library.GetBook name=shelves/s1/books/b1
      /v1/files/a%2Fb/c%2fd                | Library.GetFile path=a/b/c/d
      /v1/shelves/a%2Fb                    | 404
      /v1/shelves/a%2F%2Fb                 | 404
      """)
  void decodingEncodedSlashesReadsThemAsSeparators(String path, String expected) {
    assertThat(describe(table.withEncodedSlashesDecoded(true).match("GET", path))).isEqualTo(expected);
  }

  @Test
  void unannotatedMethodGetsNoRoute() {
    assertThat(table.routes()).hasSize(30).noneMatch(r -> r.method().getName().equals("Unrouted"));
  }
}
