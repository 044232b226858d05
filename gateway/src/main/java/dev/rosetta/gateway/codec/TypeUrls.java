package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.util.JsonFormat;

/**
 * Any type URLs and FieldMask paths, converted exactly as protobuf-java-util does it (JsonFormat's
 * getTypeName, FieldMaskUtil's private case converters).
 */
final class TypeUrls {
  private TypeUrls() {}

  /**
   * The payload type of an Any URL: the last '/'-separated segment (String.split semantics,
   * trailing empty segments dropped), looked up by full name.
   *
   * @throws CodecException for a URL without '/' or a type the registry does not know
   */
  static Descriptor resolve(JsonFormat.TypeRegistry types, String url, String notFound) throws CodecException {
    String[] parts = url.split("/");
    if (parts.length <= 1) {
      // (no '/' at all; or nothing but '/', where the reference fails with an index error)
      throw new CodecException("expected a type URL such as \"type.googleapis.com/pkg.Message\", found \"" + url + "\"");
    }
    Descriptor type = types.find(parts[parts.length - 1]);
    if (type == null) {
      throw new CodecException(notFound + url);
    }
    return type;
  }

  /** FieldMaskUtil.lowerUnderscoreToLowerCamel. */
  static String toJsonPath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    boolean upper = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '_') {
        upper = true;
      } else if (upper) {
        out.append(Character.toUpperCase(c));
        upper = false;
      } else {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /** FieldMaskUtil.lowerCamelToLowerUnderscore. */
  static String toProtoPath(String path) {
    StringBuilder out = new StringBuilder(path.length() + 4);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }
}
