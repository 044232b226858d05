package dev.rosetta.gateway.bind;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.route.Route;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The JSON of a response message as a route asks for it: the whole message, or only the field
 * {@code response_body} names. A nested path ({@code book.author_info}, which Envoy accepts) is
 * followed through the wire bytes: each parent's occurrences are concatenated, which protobuf reads
 * as the merged message, so an absent parent prints like an empty one. Stateless.
 */
public final class ResponseBody {
  private ResponseBody() {}

  /** Appends the JSON of {@code wire}, a response of {@code route}'s method, to {@code out}. */
  public static void print(JsonCodec codec, Route route, byte[] wire, ByteBuf out) throws CodecException {
    List<FieldDescriptor> path = route.responseBodyPath();
    if (path.isEmpty()) {
      codec.print(route.method().getOutputType(), wire, out);
      return;
    }
    byte[] containing = wire;
    for (int i = 0; i < path.size() - 1; i++) {
      containing = occurrences(containing, path.get(i).getNumber());
    }
    codec.printField(path.get(path.size() - 1), containing, out);
  }

  /** Every occurrence of the length-delimited field {@code number} of {@code wire}, concatenated. */
  private static byte[] occurrences(byte[] wire, int number) throws CodecException {
    CodedInputStream in = CodedInputStream.newInstance(wire);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == number
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.readBytes().writeTo(out);
        } else if (!in.skipField(tag)) {
          break; // an end-group tag at the top level: malformed, left for the codec to report
        }
      }
    } catch (IOException e) {
      throw new CodecException("malformed response message: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
