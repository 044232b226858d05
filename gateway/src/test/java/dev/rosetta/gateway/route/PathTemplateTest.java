package dev.rosetta.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

  /**
   * Segments joined by '/', the verb ({@code -} for none), and the variables as {@code
   * field[start,end)} or {@code field[start,**)} ({@code -} for none).
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      /v1                                | v1                 | -        | -
      /v1/shelves                        | v1/shelves         | -        | -
      /v1/*                              | v1/*               | -        | -
      /v1/**                             | v1/**              | -        | -
      /*/x/**                            | */x/**             | -        | -
      /v1/{name}                         | v1/*               | -        | name[1,2)
      /v1/{name=*}                       | v1/*               | -        | name[1,2)
      /v1/{name=fixed}                   | v1/fixed           | -        | name[1,2)
      /v1/{name=shelves/*}               | v1/shelves/*       | -        | name[1,3)
      /v1/{name=shelves/*/books/*}       | v1/shelves/*/books/* | -      | name[1,5)
      /v1/{book.author.name}             | v1/*               | -        | book.author.name[1,2)
      /v1/{path=**}                      | v1/**              | -        | path[1,**)
      /v1/files/{path=**}:download       | v1/files/**        | download | path[2,**)
      /v1/{name=a/*/**}                  | v1/a/*/**          | -        | name[1,**)
      /v1/{a}/{b=x/*}/{c}                | v1/*/x/*/*         | -        | a[1,2) b[2,4) c[4,5)
      /v1/{name}:cancel                  | v1/*               | cancel   | name[1,2)
      /v1/**:get                         | v1/**              | get      | -
      /v1/x:y                            | v1/x               | y        | -
      /{_x9.Y_1}                         | *                  | -        | _x9.Y_1[0,1)
      "/a-b.c_d~e!$&'()+,;=@"            | "a-b.c_d~e!$&'()+,;=@" | -    | -
      /v1/caf%C3%A9:%76erb               | v1/café            | verb     | -
      /v1/a%2Fb                          | v1/a/b             | -        | -
      /                                  | ""                 | -        | -
      /v1/**/x                           | v1/**/x            | -        | -
      /a/{x=**}/c                        | a/**/c             | -        | x[1,**)
      /v1/**/items:verb                  | v1/**/items        | verb     | -
      /v1/{a=**/b}/c                     | v1/**/b/c          | -        | a[1,**)
      """)
  void parsesEveryGrammarForm(String text, String segments, String verb, String variables) {
    PathTemplate template = PathTemplate.parse(text);

    assertThat(template.toString()).isEqualTo(text);
    assertThat(template.segments().stream().map(Object::toString).collect(Collectors.joining("/")))
        .isEqualTo(segments == null ? "" : segments);
    assertThat(template.verb()).isEqualTo(verb.equals("-") ? null : verb);
    String vars = template.variables().stream()
        .map(v -> v.fieldPathText() + "[" + v.start() + "," + (v.wildcardPath() ? "**" : v.end()) + ")")
        .collect(Collectors.joining(" "));
    assertThat(vars.isEmpty() ? "-" : vars).isEqualTo(variables);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      /v1/{x}              | false
      /v1/{x=*}            | false
      /v1/{x=fixed}        | false
      /v1/{x=a/*}          | true
      /v1/{x=**}           | true
      /v1/{x=a/**}         | true
      """)
  void variableIsMultiSegmentWhenItCoversMoreThanOneSegmentOrDoubleStar(String text, boolean multi) {
    assertThat(PathTemplate.parse(text).variables().get(0).multiSegment()).isEqualTo(multi);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                   | "expected '/' at offset 0 in "
      v1/x                 | expected '/' at offset 0 in v1/x
      /v1/                 | expected '*', '**', LITERAL or '{' at offset 4 in /v1/
      /v1//x               | expected '*', '**', LITERAL or '{' at offset 4 in /v1//x
      /v1/?x               | expected '*', '**', LITERAL or '{' at offset 4 in /v1/?x
      /v1/{name=shelves/*  | expected '}' at offset 19 in /v1/{name=shelves/*
      /v1/{name            | expected '}' at offset 9 in /v1/{name
      /v1/{a=b c}          | expected '}' at offset 8 in /v1/{a=b c}
      /v1/{}               | expected IDENT at offset 5 in /v1/{}
      /v1/{1a}             | expected IDENT at offset 5 in /v1/{1a}
      /v1/{a.}             | expected IDENT at offset 7 in /v1/{a.}
      /v1/{a..b}           | expected IDENT at offset 7 in /v1/{a..b}
      /v1/{a=}             | expected '*', '**' or LITERAL at offset 7 in /v1/{a=}
      /v1/{a={b}}          | expected '*', '**' or LITERAL (variables do not nest) at offset 7 in /v1/{a={b}}
      /v1/{a=x/}           | expected '*', '**' or LITERAL at offset 9 in /v1/{a=x/}
      /v1/**/**            | expected LITERAL (only literal segments may follow '**') at offset 7 in /v1/**/**
      /v1/**/*             | expected LITERAL (only literal segments may follow '**') at offset 7 in /v1/**/*
      /v1/{a=**}/{b}       | expected LITERAL (only literal segments may follow '**') at offset 11 in /v1/{a=**}/{b}
      /v1/{a=**/*}         | expected LITERAL (only literal segments may follow '**') at offset 10 in /v1/{a=**/*}
      //                   | expected '*', '**', LITERAL or '{' at offset 1 in //
      /v1/***              | expected '/', ':' or end of template at offset 6 in /v1/***
      /v1/a*               | expected '/', ':' or end of template at offset 5 in /v1/a*
      /v1/x y              | expected '/', ':' or end of template at offset 5 in /v1/x y
      /v1/{a}}             | expected '/', ':' or end of template at offset 7 in /v1/{a}}
      /v1/x:               | expected LITERAL at offset 6 in /v1/x:
      /v1/x:{a}            | expected LITERAL at offset 6 in /v1/x:{a}
      /v1/x:*              | expected LITERAL at offset 6 in /v1/x:*
      /v1/x:a:b            | expected end of template at offset 7 in /v1/x:a:b
      /v1/x:a/b            | expected end of template at offset 7 in /v1/x:a/b
      /v1/%zz              | expected two hex digits after '%' at offset 4 in /v1/%zz
      /v1/a%4              | expected two hex digits after '%' at offset 5 in /v1/a%4
      /v1/x:%g0            | expected two hex digits after '%' at offset 6 in /v1/x:%g0
      /v1/{a}/{a}          | field path 'a' bound twice, again at offset 8 in /v1/{a}/{a}
      /v1/{a.b}/x/{a.b=*}  | field path 'a.b' bound twice, again at offset 12 in /v1/{a.b}/x/{a.b=*}
      """)
  void rejectsMalformedTemplateSayingWhatWasExpectedWhere(String text, String message) {
    assertThatThrownBy(() -> PathTemplate.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
