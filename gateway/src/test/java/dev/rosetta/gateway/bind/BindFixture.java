package dev.rosetta.gateway.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.codec.JsonFormatCodec;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.PathBinding;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.BindTestProto;
import dev.rosetta.test.bind.v1.ListBooksRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes, matches and binders over {@code bind_test.proto}, built the way the route table builds
 * them, so binding tests need neither the route table nor a server.
 */
final class BindFixture {
  static final DescriptorRegistry REGISTRY = DescriptorRegistry.of(List.of(BindTestProto.getDescriptor()));
  static final JsonCodec CODEC = new JsonFormatCodec(REGISTRY, CodecOptions.DEFAULTS);
  static final RequestBinder STRICT = new RequestBinder(CODEC, false);
  static final RequestBinder LENIENT = new RequestBinder(CODEC, true);
  /** {@code --strict-body}: a body on a rule without one is a 400, not ignored. */
  static final RequestBinder STRICT_BODY = new RequestBinder(CODEC, new BindOptions(false, true, false));

  static final MethodDescriptor EVERYTHING = method("Everything");
  static final MethodDescriptor LIST_BOOKS = method("ListBooks");

  private BindFixture() {}

  private static MethodDescriptor method(String name) {
    return BindTestProto.getDescriptor().findServiceByName("BindTestService").findMethodByName(name);
  }

  /**
   * A route of {@code method} with body {@code ""}, {@code "*"} or a field name, binding the dotted
   * field paths {@code pathFields} from its template (the template itself is not needed).
   */
  static Route route(MethodDescriptor method, String body, String... pathFields) {
    Descriptor input = method.getInputType();
    FieldDescriptor bodyField = body.isEmpty() || body.equals("*") ? null : input.findFieldByName(body);
    List<List<FieldDescriptor>> paths = new ArrayList<>();
    for (String path : pathFields) {
      paths.add(fieldPath(input, path));
    }
    String verb = body.isEmpty() ? "GET" : "POST";
    return new Route(verb, null, method, body, bodyField, null, paths, method.getFullName());
  }

  /** {@code route} matched with {@code values} for its path fields, in order. */
  static RouteMatch match(Route route, String... values) {
    List<PathBinding> bindings = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      bindings.add(new PathBinding(route.pathFields().get(i), values[i]));
    }
    return new RouteMatch(route, bindings);
  }

  static List<FieldDescriptor> fieldPath(Descriptor type, String dotted) {
    List<FieldDescriptor> path = new ArrayList<>();
    for (String segment : dotted.split("\\.")) {
      FieldDescriptor field = type.findFieldByName(segment);
      if (field == null) {
        throw new IllegalArgumentException(type.getFullName() + " has no field " + segment);
      }
      path.add(field);
      type = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return path;
  }

  /** Binds with {@code body} as UTF-8 JSON (null: no body), releasing the buffer afterwards. */
  static byte[] bind(RequestBinder binder, RouteMatch match, String query, String body) throws BindException {
    ByteBuf buffer = body == null ? null : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    try {
      byte[] wire = binder.bind(match, query, buffer);
      if (buffer != null) {
        assertThat(buffer.readerIndex()).as("the body is left unread").isZero();
      }
      return wire;
    } finally {
      if (buffer != null) {
        buffer.release();
      }
    }
  }

  /** Binds a query on a GET of {@code Everything} (no body, no path) and parses the result. */
  static AllTypes query(String query) throws BindException {
    return allTypes(bind(STRICT, match(route(EVERYTHING, "")), query, null));
  }

  static ListBooksRequest books(RouteMatch match, String query, String body) throws BindException {
    try {
      return ListBooksRequest.parseFrom(bind(STRICT, match, query, body));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("binding produced malformed wire bytes", e);
    }
  }

  static AllTypes allTypes(byte[] wire) {
    try {
      return AllTypes.parseFrom(wire);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("binding produced malformed wire bytes", e);
    }
  }

  /** The message of the BindException that binding throws. */
  static String bindError(RequestBinder binder, RouteMatch match, String query, String body) {
    BindException e = catchThrowableOfType(BindException.class, () -> bind(binder, match, query, body));
    assertThat(e).as("binding should fail").isNotNull();
    return e.getMessage();
  }
}
