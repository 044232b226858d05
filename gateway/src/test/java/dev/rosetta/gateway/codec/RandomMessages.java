package dev.rosetta.gateway.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Random;

/**
 * Random messages of any type, from its descriptor alone: every field kind, edge values (extreme
 * integers, NaN, -0.0, U+2028, surrogate pairs, HTML characters, control characters), unknown
 * enum numbers, nested and recursive messages to a bounded depth, and valid well-known types
 * (with a small share of invalid ones: out-of-range timestamps, NaN in a Value, unresolvable Any).
 * Deterministic for a seed.
 */
final class RandomMessages {
  private static final String[] WORDS = {"", "a", "shelf", "déjà vu", "<b>&'=\"", "line\u2028sep\u2029",
      "tab\tnew\nline\r", "ctl\u0001\u001f\u007f", "emoji \uD83D\uDE00", "back\\slash/", "中文", "x y z"};
  private static final String[] PATH_WORDS = {"a", "foo_bar", "x1", "books", "name", "Upper_case", "b_2_c"};

  private final Random random;
  private final List<Descriptor> anyTypes;
  private final int maxDepth;
  /** Share of deliberately invalid well-known values, in 1/1000. */
  private final int invalidPerMille;

  RandomMessages(long seed, List<Descriptor> anyTypes, int maxDepth, int invalidPerMille) {
    this.random = new Random(seed);
    this.anyTypes = anyTypes;
    this.maxDepth = maxDepth;
    this.invalidPerMille = invalidPerMille;
  }

  Random random() {
    return random;
  }

  private boolean invalid() {
    return random.nextInt(1000) < invalidPerMille;
  }

  DynamicMessage message(Descriptor type, int depth) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> {
        long seconds = invalid() ? 253402300800L + random.nextInt(1000)
            : -62135596800L + (long) (random.nextDouble() * (253402300799L + 62135596800L));
        if (random.nextInt(4) == 0) {
          seconds = random.nextInt(100000);
        }
        b.setField(type.findFieldByName("seconds"), seconds);
        b.setField(type.findFieldByName("nanos"), nanos());
        return b.build();
      }
      case "google.protobuf.Duration" -> {
        long seconds = invalid() ? 315576000001L : (long) (random.nextDouble() * 315576000000L);
        int nanos = nanos();
        if (random.nextBoolean()) {
          seconds = -seconds;
          nanos = -nanos;
        }
        b.setField(type.findFieldByName("seconds"), seconds);
        b.setField(type.findFieldByName("nanos"), nanos);
        return b.build();
      }
      case "google.protobuf.FieldMask" -> {
        for (int i = random.nextInt(4); i > 0; i--) {
          StringBuilder path = new StringBuilder();
          for (int k = random.nextInt(3); k >= 0; k--) {
            path.append(k == 0 && path.length() == 0 ? "" : (path.length() > 0 ? "." : ""))
                .append(PATH_WORDS[random.nextInt(PATH_WORDS.length)]);
          }
          b.addRepeatedField(type.findFieldByName("paths"), path.toString());
        }
        return b.build();
      }
      case "google.protobuf.Value" -> {
        int kind = random.nextInt(depth >= maxDepth ? 4 : 6);
        switch (kind) {
          case 0 -> b.setField(type.findFieldByName("null_value"), type.getFile().findEnumTypeByName("NullValue").findValueByNumber(0));
          case 1 -> b.setField(type.findFieldByName("number_value"), invalid() ? Double.NaN : finiteDouble());
          case 2 -> b.setField(type.findFieldByName("string_value"), string());
          case 3 -> b.setField(type.findFieldByName("bool_value"), random.nextBoolean());
          case 4 -> b.setField(type.findFieldByName("struct_value"), message(type.findFieldByName("struct_value").getMessageType(), depth + 1));
          default -> b.setField(type.findFieldByName("list_value"), message(type.findFieldByName("list_value").getMessageType(), depth + 1));
        }
        return b.build();
      }
      case "google.protobuf.Any" -> {
        if (random.nextInt(8) == 0 || depth >= maxDepth) {
          return b.build();
        }
        Descriptor payload = anyTypes.get(random.nextInt(anyTypes.size()));
        String url = (invalid() ? "type.googleapis.com/no.such." : "type.googleapis.com/") + payload.getFullName();
        b.setField(type.findFieldByName("type_url"), url);
        b.setField(type.findFieldByName("value"), message(payload, depth + 1).toByteString());
        return b.build();
      }
      default -> {
        // ordinary message, and Struct/ListValue/wrappers through their fields
      }
    }
    for (OneofDescriptor oneof : type.getRealOneofs()) {
      if (random.nextInt(3) > 0) {
        FieldDescriptor field = oneof.getField(random.nextInt(oneof.getFieldCount()));
        if (!(field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= maxDepth)) {
          b.setField(field, value(field, depth));
        }
      }
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getRealContainingOneof() != null || random.nextInt(5) < 2) {
        continue;
      }
      boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      if (field.isRepeated()) {
        int n = depth >= maxDepth && message ? 0 : random.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.addRepeatedField(field, field.isMapField() ? entry(field, depth) : value(field, depth));
        }
      } else if (!message || depth < maxDepth) {
        b.setField(field, value(field, depth));
      }
    }
    return b.build();
  }

  private Message entry(FieldDescriptor map, int depth) {
    Descriptor entryType = map.getMessageType();
    DynamicMessage.Builder e = DynamicMessage.newBuilder(entryType);
    e.setField(entryType.findFieldByNumber(1), value(entryType.findFieldByNumber(1), depth));
    if (random.nextInt(6) > 0) {
      e.setField(entryType.findFieldByNumber(2), value(entryType.findFieldByNumber(2), depth));
    }
    return e.build();
  }

  private int nanos() {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1_000;
      default -> random.nextInt(1_000_000_000);
    };
  }

  Object value(FieldDescriptor field, int depth) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> int32();
      case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> int64();
      case FLOAT -> (float) anyDouble();
      case DOUBLE -> anyDouble();
      case BOOL -> random.nextBoolean();
      case STRING -> string();
      case BYTES -> {
        byte[] bytes = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(20)];
        random.nextBytes(bytes);
        yield ByteString.copyFrom(bytes);
      }
      case ENUM -> enumValue(field.getEnumType());
      default -> message(field.getMessageType(), depth + 1);
    };
  }

  private EnumValueDescriptor enumValue(EnumDescriptor type) {
    if (random.nextInt(6) == 0) {
      return type.findValueByNumberCreatingIfUnknown(random.nextInt(200) - 100);
    }
    return type.getValues().get(random.nextInt(type.getValues().size()));
  }

  private int int32() {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Integer.MIN_VALUE;
      case 2 -> Integer.MAX_VALUE;
      case 3 -> -1;
      case 4 -> random.nextInt(200) - 100;
      default -> random.nextInt();
    };
  }

  private long int64() {
    return switch (random.nextInt(6)) {
      case 0 -> 0L;
      case 1 -> Long.MIN_VALUE;
      case 2 -> Long.MAX_VALUE;
      case 3 -> -1L;
      case 4 -> random.nextInt(200) - 100;
      default -> random.nextLong();
    };
  }

  private double finiteDouble() {
    return switch (random.nextInt(5)) {
      case 0 -> 0.0;
      case 1 -> random.nextInt(2000) - 1000;
      case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      case 3 -> -0.0;
      default -> Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (random.nextBoolean() ? 1 : -1);
    };
  }

  private double anyDouble() {
    return switch (random.nextInt(10)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> Double.MIN_VALUE;
      case 4 -> 1e22;
      default -> finiteDouble();
    };
  }

  String string() {
    if (random.nextInt(3) > 0) {
      return WORDS[random.nextInt(WORDS.length)];
    }
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int c = switch (random.nextInt(5)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x80 + random.nextInt(0x780);
        case 2 -> 0x800 + random.nextInt(0xD000);
        case 3 -> 0x10000 + random.nextInt(0x10000);
        default -> 'a' + random.nextInt(26);
      };
      s.appendCodePoint(c);
    }
    return s.toString();
  }
}
