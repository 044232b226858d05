package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;

/**
 * The client's view of a JSON body the codecs refuse. Both codecs end here, so a client gets the
 * same message whichever codec runs:
 *
 * <ul>
 *   <li>a syntax error: {@code malformed JSON at "title" (line 1, column 12): expected ',' or '}'
 *       after the member's value, found the end of the body} ({@link JsonSyntax});
 *   <li>a value that does not fit the type: {@code field "book.pageCount": expected a 32-bit
 *       integer, found "ten" (line 3, column 17)}, the field named as the client spelled it, JSON
 *       or proto name ({@link #located}).
 * </ul>
 *
 * The reference codec's failures (JsonFormat's wording, Gson's exceptions) are diagnosed again by
 * the streaming parser, which knows where it stopped; what that parser cannot judge keeps a
 * message cleaned of class names. Thread safe: the diagnosis builds its parser per call (only
 * failed requests pay for it).
 */
final class JsonErrors {
  private final PlanCache plans = new PlanCache();
  private final JsonFormat.TypeRegistry types;
  private final CodecOptions options;

  JsonErrors(JsonFormat.TypeRegistry types, CodecOptions options) {
    this.types = types;
    this.options = options;
  }

  /**
   * {@code e}, raised by the streaming parser stopped at {@code pos}, with where it happened: at
   * the offset the exception carries (the start of the bad value or key) or else at {@code pos};
   * the path of a bad key is taken after it, so that it ends with the key.
   */
  static CodecException located(CodecException e, byte[] buf, int start, int end, int pos) {
    int at = e.offset() >= 0 ? e.offset() : pos;
    String path = JsonLocation.path(buf, start, end, e.key() ? pos : at);
    String where = " (" + JsonLocation.lineColumn(buf, start, Math.min(at, end)) + ")";
    return new CodecException((path.isEmpty() ? "" : "field \"" + path + "\": ") + e.getMessage() + where, e);
  }

  /**
   * The message for a document the reference codec refused: the syntax error if there is one,
   * else the streaming parser's located message, else {@code failure}'s own message without any
   * class name.
   *
   * @param type the message type of the document, or null when it is the value of {@code field}
   */
  CodecException diagnose(Descriptor type, FieldDescriptor field, byte[] json, Exception failure) {
    String syntax = JsonSyntax.firstError(json, 0, json.length);
    if (syntax != null) {
      return new CodecException(syntax, failure);
    }
    JsonToWire parser = new JsonToWire(plans, types, options);
    parser.reset(json, 0, json.length);
    try {
      if (type != null) {
        parser.document(plans.plan(type));
      } else {
        MessagePlan plan = plans.plan(field.getContainingType());
        parser.lone(plan, plan.field(field.getNumber()));
      }
    } catch (CodecException e) {
      return located(e, json, 0, json.length, parser.in.pos);
    } catch (RuntimeException e) {
      // NeedsReference, or a type the streaming parser cannot plan: JsonFormat's own words.
    }
    return new CodecException(clean(failure), failure);
  }

  /**
   * A failure's message without the Java class names that exception chains put in front ({@code
   * com.google.gson.stream.MalformedJsonException: ...}).
   */
  static String clean(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    int colon;
    while ((colon = message.indexOf(": ")) > 0 && message.substring(0, colon).matches("([a-z][a-z0-9_]*\\.)+[A-Z]\\w*")) {
      message = message.substring(colon + 2);
    }
    return message.isEmpty() ? "the request body does not fit the message type" : message;
  }
}
