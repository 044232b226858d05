package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.BindFixture.EVERYTHING;
import static dev.rosetta.gateway.bind.BindFixture.LIST_BOOKS;
import static dev.rosetta.gateway.bind.BindFixture.STRICT;
import static dev.rosetta.gateway.bind.BindFixture.allTypes;
import static dev.rosetta.gateway.bind.BindFixture.bind;
import static dev.rosetta.gateway.bind.BindFixture.bindError;
import static dev.rosetta.gateway.bind.BindFixture.books;
import static dev.rosetta.gateway.bind.BindFixture.match;
import static dev.rosetta.gateway.bind.BindFixture.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.Book;
import dev.rosetta.test.bind.v1.Color;
import dev.rosetta.test.bind.v1.ListBooksRequest;
import org.junit.jupiter.api.Test;

/** Path variables, and the rule that they win over the body. */
class PathBindingTest {

  @Test
  void aPathVariableSetsATopLevelField() throws Exception {
    assertThat(books(match(route(LIST_BOOKS, "", "parent"), "shelves/1"), null, null))
        .isEqualTo(ListBooksRequest.newBuilder().setParent("shelves/1").build());
  }

  @Test
  void decodedTextIsKeptAsIsIncludingSlashesAndUnicode() throws Exception {
    assertThat(books(match(route(LIST_BOOKS, "", "parent"), "shelves/a b/ü/%2F"), null, null).getParent())
        .isEqualTo("shelves/a b/ü/%2F");
  }

  @Test
  void severalVariablesSetNestedFieldsThatMerge() throws Exception {
    ListBooksRequest request = books(
        match(route(LIST_BOOKS, "", "book.name", "book.author.home_address.city", "parent"), "b1", "Oslo", "s1"), null, null);

    assertThat(request.getParent()).isEqualTo("s1");
    assertThat(request.getBook().getName()).isEqualTo("b1");
    assertThat(request.getBook().getAuthor().getHomeAddress().getCity()).isEqualTo("Oslo");
  }

  @Test
  void thePathWinsOverTheSameFieldInTheBodyField() throws Exception {
    ListBooksRequest request = books(match(route(LIST_BOOKS, "book", "book.name"), "shelves/1/books/2"),
        null, "{\"name\": \"shelves/9/books/9\", \"title\": \"Dune\"}");

    assertThat(request.getBook()).isEqualTo(Book.newBuilder().setName("shelves/1/books/2").setTitle("Dune").build());
  }

  @Test
  void thePathWinsOverTheSameFieldInTheWholeBody() throws Exception {
    ListBooksRequest request = books(match(route(LIST_BOOKS, "*", "parent", "page_size"), "s1", "5"),
        null, "{\"parent\": \"s9\", \"pageSize\": 9, \"pageToken\": \"t\"}");

    assertThat(request).isEqualTo(ListBooksRequest.newBuilder().setParent("s1").setPageSize(5).setPageToken("t").build());
  }

  @Test
  void thePathWinsEvenWithTheDefaultValue() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "*", "f_string", "opt_int32"), "", "0"),
        null, "{\"fString\": \"from body\", \"optInt32\": 5}"));

    assertThat(message.getFString()).isEmpty();
    assertThat(message.hasOptInt32()).isTrue();
    assertThat(message.getOptInt32()).isZero();
  }

  @Test
  void bodyQueryAndPathMergeIntoOneMessage() throws Exception {
    ListBooksRequest request = books(match(route(LIST_BOOKS, "book", "book.name"), "b1"),
        "page_size=3&author.displayName=Ann&tag_names=x", "{\"title\": \"Dune\", \"tags\": [\"t\"]}");

    ListBooksRequest.Builder expected = ListBooksRequest.newBuilder().setPageSize(3).addTagNames("x");
    expected.getAuthorBuilder().setDisplayName("Ann");
    expected.getBookBuilder().setName("b1").setTitle("Dune").addTags("t");
    assertThat(request).isEqualTo(expected.build());
  }

  @Test
  void aPathVariableOnAOneofMemberReplacesTheBodysChoice() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "*", "choice_number"), "42"),
        null, "{\"choiceText\": \"from body\"}"));

    assertThat(message.getChoiceCase()).isEqualTo(AllTypes.ChoiceCase.CHOICE_NUMBER);
    assertThat(message.getChoiceNumber()).isEqualTo(42L);
  }

  @Test
  void withoutQueryOrPathTheBodyBytesAreTheResult() throws Exception {
    byte[] wire = bind(STRICT, match(route(LIST_BOOKS, "*")), "", "{\"pageSize\": 4}");

    assertThat(wire).isEqualTo(ListBooksRequest.newBuilder().setPageSize(4).build().toByteArray());
  }

  @Test
  void aRepeatedFieldInThePathTakesACommaSeparatedList() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "", "r_int32", "r_string", "r_enum"),
        "1,-2,3", "a,,b c", "RED,3"), null, null));

    assertThat(message.getRInt32List()).containsExactly(1, -2, 3);
    assertThat(message.getRStringList()).containsExactly("a", "", "b c");
    assertThat(message.getREnumList()).containsExactly(Color.RED, Color.BLUE);
  }

  @Test
  void aRepeatedLeafUnderSingularMessagesIsSplitToo() throws Exception {
    ListBooksRequest request = books(match(route(LIST_BOOKS, "", "book.tags"), "x,y"), null, null);

    assertThat(request.getBook().getTagsList()).containsExactly("x", "y");
  }

  @Test
  void aBadElementOfARepeatedPathVariableNamesTheVariable() {
    String error = bindError(STRICT, match(route(EVERYTHING, "", "r_int32"), "1,x,3"), null, null);

    assertThat(error).startsWith("invalid path variable \"r_int32\": ").contains("\"x\"");
  }
}
