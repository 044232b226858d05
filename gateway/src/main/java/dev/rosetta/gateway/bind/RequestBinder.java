package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.route.PathBinding;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Builds the gRPC request message, as protobuf wire bytes, from a matched route's path variables,
 * the query string and the JSON body. Immutable and thread safe: one per descriptor registry
 * (with its codec), shared by all requests.
 *
 * <p>No message object is built. Each source is encoded as a fragment of wire format, fields
 * nested under their parents with full tags, and the fragments are concatenated: protobuf merges
 * concatenated encodings (the last singular value wins, repeated fields append, messages merge).
 * The order is <b>body, then query parameters, then path variables</b>, so that when the body
 * also carries a field the path binds, <b>the path wins</b> ({@code PATCH /v1/{book.name=...}}
 * with a body naming another book updates the book of the URL).
 *
 * <p>Example: for {@code GET /v1/{parent=shelves/*}/books} matched with {@code parent =
 * "shelves/1"} and query {@code page_size=10&author.display_name=Ann}, the result is
 * {@code [page_size=10][author {display_name="Ann"}][parent="shelves/1"]}.
 *
 * <p>The rules for each source are in {@code package-info.java}.
 */
public final class RequestBinder {
  private final JsonCodec codec;
  private final QueryBinder query;
  private final boolean strictBody;
  private final boolean anyCaseEnums;

  /**
   * @param codec parses the JSON body; its {@code CodecException} messages reach the client
   * @param ignoreUnknownQueryParameters skip parameters that name no field rather than reject them
   */
  public RequestBinder(JsonCodec codec, boolean ignoreUnknownQueryParameters) {
    this(codec, new BindOptions(ignoreUnknownQueryParameters, false, false));
  }

  /** @param codec parses the JSON body; its {@code CodecException} messages reach the client */
  public RequestBinder(JsonCodec codec, BindOptions options) {
    this.codec = codec;
    this.query = new QueryBinder(options.ignoreUnknownQueryParameters(), options.caseInsensitiveEnums());
    this.strictBody = options.strictBody();
    this.anyCaseEnums = options.caseInsensitiveEnums();
  }

  /**
   * Returns the wire bytes of the request message of {@code match.route().method()}.
   *
   * @param rawQuery the text after {@code ?} (still percent-encoded), or null or empty
   * @param body the readable JSON bytes, left unread and unreleased; null when the request had none
   * @throws BindException when a path variable, query parameter or the body does not fit the
   *     request type; the message names the parameter or field, for the client
   */
  public byte[] bind(RouteMatch match, String rawQuery, ByteBuf body) throws BindException {
    return bind(match, rawQuery, body, null);
  }

  /**
   * As {@link #bind(RouteMatch, String, ByteBuf)}, for a request whose body has {@code
   * contentType}: a route whose body is a {@code google.api.HttpBody} ({@link RawBody}) takes the
   * bytes as they are, with that content type; other routes parse the body as JSON.
   */
  public byte[] bind(RouteMatch match, String rawQuery, ByteBuf body, String contentType) throws BindException {
    Route route = match.route();
    byte[] bodyWire = RawBody.takesRawBody(route) ? RawBody.encode(route, contentType, body) : bindBody(route, body);
    boolean hasQuery = rawQuery != null && !rawQuery.isEmpty();
    if (!hasQuery && match.bindings().isEmpty()) {
      return bodyWire;
    }
    WireWriter out = new WireWriter(bodyWire.length + 64);
    out.writeRaw(bodyWire);
    if (hasQuery) {
      query.bind(route, rawQuery, out);
    }
    for (PathBinding binding : match.bindings()) {
      bindPath(binding, out);
    }
    return out.toByteArray();
  }

  private byte[] bindBody(Route route, ByteBuf body) throws BindException {
    String mode = route.body();
    boolean blank = body == null || isBlank(body);
    if (mode == null || mode.isEmpty()) {
      if (!blank && strictBody) {
        throw new BindException(route + " takes no request body; send its fields as query parameters");
      }
      // grpc-gateway and Envoy ignore a body the rule does not ask for: clients and generated
      // SDKs send {} or the whole object on POST and DELETE. Query parameters still bind.
      return new byte[0];
    }
    if (blank) {
      // No bytes, or only whitespace: an empty message, as grpc-gateway (io.EOF) and Envoy do.
      return new byte[0];
    }
    List<FieldDescriptor> bodyPath = route.bodyPath();
    FieldDescriptor field = route.bodyField();
    try {
      if (field == null) {
        return codec.parse(route.method().getInputType(), body);
      }
      byte[] value;
      if (isMessage(field) && !field.getMessageType().getFullName().startsWith("google.protobuf.")) {
        // Parse the field's own type and wrap it: a streaming codec reads the object once.
        WireWriter out = new WireWriter(body.readableBytes() + 8);
        out.writeLengthDelimited(field.getNumber(), codec.parse(field.getMessageType(), body));
        value = out.toByteArray();
      } else {
        // Lists, maps, scalars and well-known types (whose JSON is not an object, or is special):
        // the codec converts the lone value of the field.
        value = codec.parseField(field, body);
      }
      if (bodyPath.size() == 1) {
        return value;
      }
      WireWriter out = new WireWriter(value.length + 8 * bodyPath.size());
      out.writeNested(bodyPath.subList(0, bodyPath.size() - 1), value);
      return out.toByteArray();
    } catch (CodecException e) {
      throw new BindException(e.getMessage());
    }
  }

  private void bindPath(PathBinding binding, WireWriter out) throws BindException {
    List<FieldDescriptor> path = binding.fieldPath();
    FieldDescriptor field = path.get(path.size() - 1);
    try {
      byte[] leaf = field.isRepeated() ? encodeList(field, binding.value())
          : ValueEncoder.encode(field, binding.value(), anyCaseEnums);
      out.writeNested(path.subList(0, path.size() - 1), leaf);
    } catch (InvalidValueException e) {
      StringBuilder name = new StringBuilder();
      for (FieldDescriptor part : path) {
        name.append(name.length() == 0 ? "" : ".").append(part.getName());
      }
      throw new BindException("invalid path variable \"" + name + "\": " + e.getMessage());
    }
  }

  /**
   * A repeated field bound to a path variable, as grpc-gateway does it: the decoded value split on
   * commas, one element each ({@code /v1/ids/1,2,3}), so an element cannot contain a comma.
   */
  private byte[] encodeList(FieldDescriptor field, String value) throws InvalidValueException {
    WireWriter elements = new WireWriter(value.length() + 16);
    int from = 0;
    while (true) {
      int comma = value.indexOf(',', from);
      ValueEncoder.write(elements, field, comma < 0 ? value.substring(from) : value.substring(from, comma),
          anyCaseEnums);
      if (comma < 0) {
        return elements.toByteArray();
      }
      from = comma + 1;
    }
  }

  private static boolean isMessage(FieldDescriptor field) {
    return field.getJavaType() == JavaType.MESSAGE && !field.isRepeated() && field.getType() != Type.GROUP;
  }

  /** Zero readable bytes or only JSON whitespace (RFC 8259: space, tab, CR, LF). */
  private static boolean isBlank(ByteBuf body) {
    return body.forEachByte(b -> b == ' ' || b == '\t' || b == '\r' || b == '\n') < 0;
  }
}
