package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.BindFixture.EVERYTHING;
import static dev.rosetta.gateway.bind.BindFixture.LENIENT;
import static dev.rosetta.gateway.bind.BindFixture.LIST_BOOKS;
import static dev.rosetta.gateway.bind.BindFixture.STRICT;
import static dev.rosetta.gateway.bind.BindFixture.bind;
import static dev.rosetta.gateway.bind.BindFixture.bindError;
import static dev.rosetta.gateway.bind.BindFixture.books;
import static dev.rosetta.gateway.bind.BindFixture.match;
import static dev.rosetta.gateway.bind.BindFixture.query;
import static dev.rosetta.gateway.bind.BindFixture.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.Color;
import dev.rosetta.test.bind.v1.ListBooksRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameter names, conflicts with the path and body, repetition, maps and oneofs. */
class QueryBindingTest {
  private static final RouteMatch LIST = match(route(LIST_BOOKS, ""));

  static Stream<Arguments> names() {
    ListBooksRequest.Builder expected = ListBooksRequest.newBuilder();
    return Stream.of(
        arguments("page_size=10", expected.clone().setPageSize(10).build()),
        arguments("pageSize=10", expected.clone().setPageSize(10).build()),
        arguments("page_token=abc", expected.clone().setPageToken("abc").build()),
        arguments("pageToken=abc", expected.clone().setPageToken("abc").build()),
        arguments("title=Dune", expected.clone().setTitle("Dune").build()),
        arguments("heading=Dune", expected.clone().setTitle("Dune").build()), // json_name
        arguments("author.display_name=Ann", author("Ann", "")),
        arguments("author.displayName=Ann", author("Ann", "")),
        arguments("author.home_address.city=Oslo", author("", "Oslo")),
        arguments("author.home.city=Oslo", author("", "Oslo")), // json_name of a middle segment
        arguments("author.home.postalCode=0150", addressCode("0150")),
        arguments("book.author.home.postal_code=0150", ListBooksRequest.newBuilder()
            .setBook(ListBooksRequest.newBuilder().getBookBuilder().setAuthor(addressCode("0150").getAuthor())).build()),
        arguments("tag_names=a&tagNames=b", expected.clone().addTagNames("a").addTagNames("b").build()),
        arguments("update_mask=title,author.displayName", ListBooksRequest.newBuilder()
            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("title").addPaths("author.display_name")).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void aParameterNamesAFieldPathByProtoOrJsonNames(String query, ListBooksRequest expected) throws Exception {
    assertThat(books(LIST, query, null)).isEqualTo(expected);
  }

  @Test
  void fieldsOfOneMessageFromSeveralParametersMerge() throws Exception {
    ListBooksRequest request = books(LIST, "author.displayName=Ann&page_size=3&author.home.city=Oslo&author.home.postal_code=0150", null);

    assertThat(request.getPageSize()).isEqualTo(3);
    assertThat(request.getAuthor().getDisplayName()).isEqualTo("Ann");
    assertThat(request.getAuthor().getHomeAddress().getCity()).isEqualTo("Oslo");
    assertThat(request.getAuthor().getHomeAddress().getPostalCode()).isEqualTo("0150");
  }

  @Test
  void deeplyNestedFieldsInAllTypesBind() throws Exception {
    AllTypes message = query("nested.inner.display_name=x&nested.inner.ids=1&nested.inner.ids=-2&nested.count=4");

    assertThat(message.getNested().getCount()).isEqualTo(4);
    assertThat(message.getNested().getInner().getDisplayName()).isEqualTo("x");
    assertThat(message.getNested().getInner().getIdsList()).containsExactly(1L, -2L);
  }

  @Test
  void aLongValueGetsAMultiByteLengthAtEveryLevel() throws Exception {
    String value = "x".repeat(20_000);

    AllTypes message = query("nested.inner.display_name=" + value);

    assertThat(message.getNested().getInner().getDisplayName()).isEqualTo(value);
  }

  @Test
  void repeatedKeysAppendInOrder() throws Exception {
    AllTypes message = query("r_int32=3&r_string=b&r_int32=1&r_enum=BLUE&r_string=a&r_int32=2&r_enum=1");

    assertThat(message.getRInt32List()).containsExactly(3, 1, 2);
    assertThat(message.getRStringList()).containsExactly("b", "a");
    assertThat(message.getREnumList()).containsExactly(Color.BLUE, Color.RED);
  }

  @Test
  void plusAndPercentEscapesDecodeAsUtf8() throws Exception {
    AllTypes message = query("f_string=caf%C3%A9+au+lait%2B%F0%9F%99%82&r_string=%E4%B8%96%E7%95%8C&r_string=a%26b%3Dc");

    assertThat(message.getFString()).isEqualTo("café au lait+🙂");
    assertThat(message.getRStringList()).containsExactly("世界", "a&b=c");
  }

  @Test
  void encodedNamesAreDecodedBeforeResolution() throws Exception {
    assertThat(query("f%5Fint32=5&labels%5Bk%5D=v").getFInt32()).isEqualTo(5);
  }

  @Test
  void aNameWithoutEqualsSignSetsTheEmptyValue() throws Exception {
    AllTypes message = query("f_string&r_string&w_string");

    assertThat(message.getRStringList()).containsExactly("");
    assertThat(message.hasWString()).isTrue();
  }

  @Test
  void aProto3OptionalFieldSetToZeroIsPresent() throws Exception {
    AllTypes message = query("opt_int32=0");

    assertThat(message.hasOptInt32()).isTrue();
  }

  @Test
  void oneMemberOfAOneofBinds() throws Exception {
    assertThat(query("choice_number=7").getChoiceNumber()).isEqualTo(7L);
    assertThat(query("choice_nested.name=n&choice_nested.count=2").getChoiceNested().getCount()).isEqualTo(2);
  }

  @Test
  void mapEntriesBindByKeyConvertedToTheKeyType() throws Exception {
    AllTypes message = query("labels[env]=prod&labels[a.b%5D]=%20&names_by_id[-7]=minus&names_by_id[42]=answer"
        + "&counts_by_flag[true]=1&counts_by_flag[0]=-2&labels[]=empty");

    assertThat(message.getLabelsMap()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "a.b]", " ", "", "empty"));
    assertThat(message.getNamesByIdMap()).containsExactlyInAnyOrderEntriesOf(Map.of(-7, "minus", 42, "answer"));
    assertThat(message.getCountsByFlagMap()).containsExactlyInAnyOrderEntriesOf(Map.of(true, 1L, false, -2L));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("foo=1", "unknown query parameter \"foo\": rosetta.test.bind.v1.ListBooksRequest has no field foo"),
        arguments("PageSize=1", "unknown query parameter \"PageSize\": rosetta.test.bind.v1.ListBooksRequest has no field PageSize"),
        arguments("page-size=1", "has no field page-size"),
        arguments("author.name=1", "unknown query parameter \"author.name\": rosetta.test.bind.v1.Author has no field name"),
        arguments("author.home_address.zip=1", "rosetta.test.bind.v1.Address has no field zip"),
        arguments("author..display_name=1", "rosetta.test.bind.v1.Author has no field with an empty name"),
        arguments("=1", "ListBooksRequest has no field with an empty name"),
        arguments("page_size.value=1", "field page_size of rosetta.test.bind.v1.ListBooksRequest is int32, not a message"),
        arguments("author=Ann", "query parameter \"author\" names the message field author (rosetta.test.bind.v1.Author); "
            + "set its fields one by one, e.g. author.display_name"),
        arguments("author.home=Oslo", "e.g. author.home.city"),
        arguments("books=x", "names the message field books"),
        arguments("books.title=x", "repeated message field books of rosetta.test.bind.v1.ListBooksRequest cannot be set through its subfields"),
        arguments("page_size=1&pageSize=2", "query parameter \"pageSize\" is given more than once, but field pageSize is not repeated"),
        arguments("author.display_name=a&author.displayName=b", "is given more than once"),
        arguments("page_token=a&page_token=a", "is given more than once"),
        arguments("page_size=ten", "invalid query parameter \"page_size\": \"ten\" is not a decimal integer (int32)"),
        arguments("page_size[1]=1", "field page_size is not a map, so it takes no [key]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void badParametersAreRejectedWithAMessageNamingThem(String query, String message) {
    assertThat(bindError(STRICT, LIST, query, null)).contains(message);
  }

  static Stream<Arguments> rejectedOnAllTypes() {
    return Stream.of(
        arguments("labels=x", "query parameter \"labels\" names the map field labels; set one entry as labels[key]=value"),
        arguments("labels[a]=1&labels[a]=2", "query parameter \"labels[a]\" is given more than once, but field labels holds one value per key"),
        arguments("names_by_id[x]=a", "invalid map key in query parameter \"names_by_id[x]\": \"x\" is not a decimal integer (int32)"),
        arguments("counts_by_flag[true]=x", "invalid query parameter \"counts_by_flag[true]\": \"x\" is not a decimal integer (int64)"),
        arguments("nested_by_name[a]=x", "map field nested_by_name has message values (rosetta.test.bind.v1.Nested)"),
        arguments("labels.env=x", "map field labels of rosetta.test.bind.v1.AllTypes cannot be set through its subfields"),
        arguments("choice_text=a&choice_number=1", "query parameter \"choice_number\" conflicts with field choice_text: both belong to oneof choice"),
        arguments("choice_nested.name=a&choice_text=b", "conflicts with field choice_nested"),
        arguments("f_int32=1&f_int32=2", "is given more than once"),
        arguments("timestamp=1970-01-01T00:00:00Z&timestamp=1970-01-01T00:00:00Z", "is given more than once"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedOnAllTypes")
  void badParametersOnAllTypesAreRejected(String query, String message) {
    assertThat(bindError(STRICT, match(route(EVERYTHING, "")), query, null)).contains(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo=1", "author.name=x", "page_size.value=1", "=x", "x", "a.b.c=1&page_size=2"})
  void unknownParametersAreSkippedWhenIgnored(String query) throws Exception {
    ListBooksRequest request = ListBooksRequest.parseFrom(bind(LENIENT, LIST, query, null));

    assertThat(request.getPageSize()).isEqualTo(query.endsWith("page_size=2") ? 2 : 0);
    assertThat(request.getUnknownFields().asMap()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"author=x", "books.title=x", "page_size=1&page_size=2", "page_size=x"})
  void invalidParametersAreRejectedEvenWhenUnknownOnesAreIgnored(String query) {
    assertThat(bindError(LENIENT, LIST, query, null)).isNotEmpty();
  }

  @Test
  void aFieldBoundByThePathIsNotAQueryParameter() {
    RouteMatch match = match(route(LIST_BOOKS, "", "parent"), "shelves/1");

    assertThat(bindError(STRICT, match, "parent=shelves/2", null))
        .isEqualTo("query parameter \"parent\" is not allowed: GET null binds that field from the path");
    assertThat(bindError(LENIENT, match, "parent=shelves/2", null)).contains("binds that field from the path");
  }

  @Test
  void aNestedFieldBoundByThePathIsNotAQueryParameterButItsSiblingsAre() throws Exception {
    RouteMatch match = match(route(LIST_BOOKS, "", "author.display_name"), "Ann");

    assertThat(bindError(STRICT, match, "author.displayName=Bob", null)).contains("binds that field from the path");
    assertThat(books(match, "author.home.city=Oslo", null).getAuthor())
        .isEqualTo(author("Ann", "Oslo").getAuthor());
  }

  @Test
  void noQueryParameterIsAllowedWhenTheBodyIsTheWholeMessage() {
    RouteMatch match = match(route(LIST_BOOKS, "*"));

    assertThat(bindError(STRICT, match, "page_size=1", "{}"))
        .contains("query parameter \"page_size\" is not allowed: POST null takes every field not in the path from the request body (body: \"*\")");
  }

  @Test
  void unknownParametersAreStillSkippedWhenTheBodyIsTheWholeMessage() throws Exception {
    RouteMatch match = match(route(LIST_BOOKS, "*"));

    assertThat(ListBooksRequest.parseFrom(bind(LENIENT, match, "utm_source=x", "{\"pageSize\":2}")).getPageSize()).isEqualTo(2);
  }

  @Test
  void fieldsUnderTheBodyFieldAreNotQueryParametersButOthersAre() throws Exception {
    RouteMatch match = match(route(LIST_BOOKS, "book"));

    assertThat(bindError(STRICT, match, "book.title=x", "{}")).contains("takes field book from the request body");
    assertThat(books(match, "author.displayName=Ann", "{\"title\":\"Dune\"}"))
        .isEqualTo(ListBooksRequest.newBuilder().setAuthor(author("Ann", "").getAuthor())
            .setBook(ListBooksRequest.newBuilder().getBookBuilder().setTitle("Dune")).build());
  }

  @Test
  void successfulNamesAreResolvedOnceAndFailuresAreNotCached() {
    QueryFieldResolver resolver = new QueryFieldResolver();

    assertThat(resolver.resolve(ListBooksRequest.getDescriptor(), "author.displayName"))
        .isSameAs(resolver.resolve(ListBooksRequest.getDescriptor(), "author.displayName"));
    assertThat(resolver.resolve(ListBooksRequest.getDescriptor(), "nope"))
        .isNotSameAs(resolver.resolve(ListBooksRequest.getDescriptor(), "nope"));
  }

  private static ListBooksRequest author(String displayName, String city) {
    ListBooksRequest.Builder builder = ListBooksRequest.newBuilder();
    if (!displayName.isEmpty()) {
      builder.getAuthorBuilder().setDisplayName(displayName);
    }
    if (!city.isEmpty()) {
      builder.getAuthorBuilder().getHomeAddressBuilder().setCity(city);
    }
    return builder.build();
  }

  private static ListBooksRequest addressCode(String code) {
    ListBooksRequest.Builder builder = ListBooksRequest.newBuilder();
    builder.getAuthorBuilder().getHomeAddressBuilder().setPostalCode(code);
    return builder.build();
  }
}
