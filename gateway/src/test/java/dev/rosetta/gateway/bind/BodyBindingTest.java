package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.BindFixture.CODEC;
import static dev.rosetta.gateway.bind.BindFixture.EVERYTHING;
import static dev.rosetta.gateway.bind.BindFixture.LIST_BOOKS;
import static dev.rosetta.gateway.bind.BindFixture.STRICT;
import static dev.rosetta.gateway.bind.BindFixture.STRICT_BODY;
import static dev.rosetta.gateway.bind.BindFixture.allTypes;
import static dev.rosetta.gateway.bind.BindFixture.bind;
import static dev.rosetta.gateway.bind.BindFixture.bindError;
import static dev.rosetta.gateway.bind.BindFixture.books;
import static dev.rosetta.gateway.bind.BindFixture.match;
import static dev.rosetta.gateway.bind.BindFixture.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.Book;
import dev.rosetta.test.bind.v1.ListBooksRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The body modes of http.proto: none, the whole message, one field. */
class BodyBindingTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\r\n\t "})
  void aRouteWithoutBodyAcceptsAnAbsentOrBlankBody(String body) throws Exception {
    assertThat(bind(STRICT, match(route(LIST_BOOKS, "")), "page_size=1", body))
        .isEqualTo(ListBooksRequest.newBuilder().setPageSize(1).build().toByteArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "x", " {\"pageSize\": 1}", "{\"pageSize\": 2, \"unknown\": true}"})
  void aRouteWithoutBodyIgnoresABodyAndStillBindsTheQueryAsGrpcGatewayAndEnvoyDo(String body) throws Exception {
    assertThat(bind(STRICT, match(route(LIST_BOOKS, "")), "page_size=1", body))
        .isEqualTo(ListBooksRequest.newBuilder().setPageSize(1).build().toByteArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "x", " {\"pageSize\": 1}"})
  void withStrictBodyARouteWithoutBodyRejectsABody(String body) {
    assertThat(bindError(STRICT_BODY, match(route(LIST_BOOKS, "")), null, body))
        .isEqualTo("GET null takes no request body; send its fields as query parameters");
  }

  static Stream<Arguments> blankBodies() {
    return Stream.of(
        arguments("*", null), arguments("*", ""), arguments("*", " \n"), arguments("book", null),
        arguments("book", "\r\n"), arguments("tag_names", ""), arguments("page_size", "\t"));
  }

  @ParameterizedTest(name = "body {0}: \"{1}\"")
  @MethodSource("blankBodies")
  void anEmptyOrBlankBodyIsAnEmptyMessageWhateverTheBodyMode(String mode, String body) throws Exception {
    assertThat(bind(STRICT, match(route(LIST_BOOKS, mode)), null, body)).isEmpty();
    assertThat(bind(STRICT_BODY, match(route(LIST_BOOKS, mode)), null, body)).isEmpty();
  }

  @Test
  void anEmptyObjectIsAnEmptyMessage() throws Exception {
    assertThat(bind(STRICT, match(route(LIST_BOOKS, "*")), null, "{}")).isEmpty();
    assertThat(books(match(route(LIST_BOOKS, "book")), null, "{}").hasBook()).isTrue();
  }

  @Test
  void theWholeBodyIsTheRequestMessage() throws Exception {
    String json = "{\"fInt32\": -3, \"fUint64\": \"18446744073709551615\", \"fBytes\": \"aGk=\", \"fEnum\": \"RED\","
        + " \"nested\": {\"inner\": {\"displayName\": \"x\", \"ids\": [\"1\", \"2\"]}}, \"rString\": [\"a\", \"b\"],"
        + " \"labels\": {\"k\": \"v\"}, \"timestamp\": \"2024-05-01T12:30:00Z\", \"wInt32\": 0, \"choiceText\": \"t\","
        + " \"optInt32\": 0, \"struct\": {\"a\": [1, true, null]}}";
    AllTypes.Builder expected = AllTypes.newBuilder();
    JsonFormat.parser().merge(json, expected);

    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "*")), null, json));

    assertThat(message).isEqualTo(expected.build());
    assertThat(message.hasWInt32()).isTrue();
    assertThat(message.hasOptInt32()).isTrue();
  }

  @Test
  void aMessageBodyFieldIsParsedAsItsOwnTypeAndWrapped() throws Exception {
    ListBooksRequest request = books(match(route(LIST_BOOKS, "book")), "page_size=2",
        "{\"name\": \"b1\", \"author\": {\"home\": {\"city\": \"Oslo\"}}, \"tags\": [\"x\"]}");

    assertThat(request.getPageSize()).isEqualTo(2);
    assertThat(request.getBook()).isEqualTo(Book.newBuilder().setName("b1").addTags("x")
        .setAuthor(ListBooksRequest.newBuilder().getAuthorBuilder().setHomeAddress(
            ListBooksRequest.newBuilder().getAuthorBuilder().getHomeAddressBuilder().setCity("Oslo"))).build());
  }

  static Stream<Arguments> fieldBodies() {
    return Stream.of(
        arguments("tag_names", "[\"a\", \"b\"]", ListBooksRequest.newBuilder().addTagNames("a").addTagNames("b").build()),
        arguments("tag_names", "[]", ListBooksRequest.getDefaultInstance()),
        arguments("page_token", "\"abc\"", ListBooksRequest.newBuilder().setPageToken("abc").build()),
        arguments("page_size", "7", ListBooksRequest.newBuilder().setPageSize(7).build()),
        arguments("books", "[{\"name\": \"a\"}, {}]", ListBooksRequest.newBuilder()
            .addBooks(Book.newBuilder().setName("a")).addBooks(Book.getDefaultInstance()).build()),
        arguments("update_mask", "\"title,author.displayName\"", ListBooksRequest.newBuilder()
            .setUpdateMask(FieldMask.newBuilder().addPaths("title").addPaths("author.display_name")).build()));
  }

  @ParameterizedTest(name = "body {0}: {1}")
  @MethodSource("fieldBodies")
  void aNonMessageBodyFieldIsItsJsonValue(String field, String body, ListBooksRequest expected) throws Exception {
    assertThat(books(match(route(LIST_BOOKS, field)), null, body)).isEqualTo(expected);
  }

  @Test
  void aMapBodyFieldIsAJsonObjectOfEntries() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "names_by_id")), null, "{\"1\": \"one\", \"-2\": \"minus two\"}"));

    assertThat(message.getNamesByIdMap()).containsEntry(1, "one").containsEntry(-2, "minus two").hasSize(2);
  }

  @Test
  void aWellKnownBodyFieldTakesItsJsonForm() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "duration")), null, "\"2.5s\""));

    assertThat(message.getDuration().getSeconds()).isEqualTo(2);
    assertThat(message.getDuration().getNanos()).isEqualTo(500_000_000);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        arguments("*", "{\"nope\": 1}"),
        arguments("*", "{\"pageSize\": \"ten\"}"),
        arguments("*", "{"),
        arguments("*", "[]"),
        arguments("book", "{\"title\": 5, \"nope\": 1}"),
        arguments("page_size", "\"x\""),
        arguments("tag_names", "[1, {}]"));
  }

  @ParameterizedTest(name = "body {0}: {1}")
  @MethodSource("badBodies")
  void codecErrorsReachTheClientAsTheyAre(String mode, String body) {
    Route route = route(LIST_BOOKS, mode);
    String codecMessage;
    ByteBuf json = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    try {
      CodecException e = catchThrowableOfType(CodecException.class, () -> {
        if (route.bodyField() == null) {
          CODEC.parse(LIST_BOOKS.getInputType(), json);
        } else if (route.bodyField().getJavaType() == FieldDescriptor.JavaType.MESSAGE && !route.bodyField().isRepeated()) {
          CODEC.parse(route.bodyField().getMessageType(), json);
        } else {
          CODEC.parseField(route.bodyField(), json);
        }
      });
      codecMessage = e.getMessage();
    } finally {
      json.release();
    }

    assertThat(bindError(STRICT, match(route), null, body)).isNotBlank().isEqualTo(codecMessage);
  }

  @Test
  void aBodyThatIsNotUtf8IsRejected() {
    ByteBuf body = Unpooled.wrappedBuffer(new byte[] {'{', '"', 'p', 'a', 'g', 'e', 'T', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'});
    try {
      assertThatThrownBy(() -> STRICT.bind(match(route(LIST_BOOKS, "*")), null, body))
          .isInstanceOf(BindException.class).hasMessageContaining("not valid UTF-8");
    } finally {
      body.release();
    }
  }

  @Test
  void aBodyInSeveralBuffersIsReadWholeAndLeftUnread() throws Exception {
    CompositeByteBuf body = Unpooled.compositeBuffer();
    body.addComponent(true, Unpooled.copiedBuffer("{\"pageTo", StandardCharsets.UTF_8));
    body.addComponent(true, Unpooled.copiedBuffer("ken\": \"t\"}", StandardCharsets.UTF_8));
    try {
      RouteMatch match = match(route(LIST_BOOKS, "*"));

      assertThat(ListBooksRequest.parseFrom(STRICT.bind(match, null, body)).getPageToken()).isEqualTo("t");
      assertThat(body.readerIndex()).isZero();
      assertThat(body.refCnt()).isEqualTo(1);
    } finally {
      body.release();
    }
  }
}
