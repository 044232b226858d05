package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.InvalidValueException.quote;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Converts the text of a path variable or query parameter to a scalar value, by the rules below.
 * Stateless; every failure is an {@link InvalidValueException} that quotes the bad value.
 *
 * <ul>
 *   <li>integers: decimal digits with an optional leading {@code -}, range checked for the type;
 *       no fraction, exponent or {@code +} ({@code "1.5"} and {@code "1e3"} are rejected, as
 *       they would lose or invent precision). Unsigned types take {@code 0 … 2^32-1} or
 *       {@code 0 … 2^64-1}.
 *   <li>float, double: decimal with optional fraction and exponent, or {@code NaN},
 *       {@code Infinity}, {@code -Infinity} (the proto3 JSON spellings). A finite value that
 *       overflows the type is rejected rather than silently becoming infinite.
 *   <li>bool: {@code true} or {@code false} in any case, or {@code 1} / {@code 0}.
 *   <li>bytes: base64, standard or URL-safe alphabet, padded or not (proto3 JSON accepts both).
 *       Mind that in a query string an unescaped {@code +} means a space: clients send
 *       {@code %2B} or the URL-safe alphabet.
 *   <li>enum: a value name, exactly as declared (or, when asked, in any case: an exact match
 *       first, then the first declared name equal ignoring ASCII case), or a number: any int32
 *       for an open (proto3) enum, only a declared number for a closed (proto2) one.
 * </ul>
 */
final class ScalarParser {
  /** The proto3 JSON number grammar without its exotic Java extras ({@code 0x1p3}, {@code 1f}, spaces). */
  private static final Pattern DECIMAL = Pattern.compile("-?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private ScalarParser() {}

  static int parseInt32(String text) throws InvalidValueException {
    return (int) parseSigned(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
  }

  static long parseInt64(String text) throws InvalidValueException {
    return parseSigned(text, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
  }

  /** Returns the value's 32 bits (values above 2^31-1 come back negative, as Java holds uint32). */
  static int parseUint32(String text) throws InvalidValueException {
    long value = parseUint64(text, "uint32");
    if (Long.compareUnsigned(value, 0xFFFF_FFFFL) > 0) {
      throw outOfRange(text, "uint32");
    }
    return (int) value;
  }

  /** Returns the value's 64 bits (values above 2^63-1 come back negative, as Java holds uint64). */
  static long parseUint64(String text) throws InvalidValueException {
    return parseUint64(text, "uint64");
  }

  static double parseDouble(String text) throws InvalidValueException {
    double value = parseFloating(text, "double");
    if (Double.isInfinite(value) && !text.endsWith("Infinity")) {
      throw outOfRange(text, "double");
    }
    return value;
  }

  static float parseFloat(String text) throws InvalidValueException {
    double value = parseFloating(text, "float");
    float narrowed = (float) value;
    if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
      throw outOfRange(text, "float");
    }
    return narrowed;
  }

  static boolean parseBool(String text) throws InvalidValueException {
    if (text.equalsIgnoreCase("true") || text.equals("1")) {
      return true;
    }
    if (text.equalsIgnoreCase("false") || text.equals("0")) {
      return false;
    }
    throw new InvalidValueException(quote(text) + " is not a bool: expected true, false, 1 or 0");
  }

  static byte[] parseBytes(String text) throws InvalidValueException {
    // One decoder for both alphabets: map URL-safe characters to standard ones, drop padding
    // (java.util.Base64 accepts no padding, but rejects partial padding such as "YQ=").
    String standard = text.replace('-', '+').replace('_', '/');
    int end = standard.length();
    while (end > 0 && standard.charAt(end - 1) == '=') {
      end--;
    }
    try {
      return Base64.getDecoder().decode(standard.substring(0, end));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(quote(text) + " is not base64 (standard or URL-safe alphabet)");
    }
  }

  static int parseEnum(EnumDescriptor type, String text, boolean anyCase) throws InvalidValueException {
    EnumValueDescriptor named = type.findValueByName(text);
    if (named != null) {
      return named.getNumber();
    }
    if (anyCase) {
      for (EnumValueDescriptor value : type.getValues()) {
        if (value.getName().equalsIgnoreCase(text)) {
          return value.getNumber();
        }
      }
    }
    int number;
    try {
      number = parseInt32(text);
    } catch (InvalidValueException e) {
      throw notAnEnumValue(type, text);
    }
    // A closed enum drops unknown numbers into unknown fields: reject them here instead.
    if (type.isClosed() && type.findValueByNumber(number) == null) {
      throw notAnEnumValue(type, text);
    }
    return number;
  }

  private static InvalidValueException notAnEnumValue(EnumDescriptor type, String text) {
    StringBuilder names = new StringBuilder();
    for (EnumValueDescriptor value : type.getValues()) {
      if (names.length() > 200) {
        names.append(", ...");
        break;
      }
      names.append(names.length() == 0 ? "" : ", ").append(value.getName());
    }
    return new InvalidValueException(
        quote(text) + " is not a value of enum " + type.getFullName() + " (expected one of " + names
            + (type.isClosed() ? " or its number)" : " or a number)"));
  }

  private static long parseSigned(String text, long min, long max, String type) throws InvalidValueException {
    checkDigits(text, text.startsWith("-") ? 1 : 0, type);
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw outOfRange(text, type); // the digits are well formed, so only the range can be wrong
    }
    if (value < min || value > max) {
      throw outOfRange(text, type);
    }
    return value;
  }

  private static long parseUint64(String text, String type) throws InvalidValueException {
    boolean negative = text.startsWith("-");
    checkDigits(text, negative ? 1 : 0, type);
    if (negative) {
      throw outOfRange(text, type);
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw outOfRange(text, type);
    }
  }

  private static void checkDigits(String text, int from, String type) throws InvalidValueException {
    boolean digits = text.length() > from;
    for (int i = from; i < text.length() && digits; i++) {
      char c = text.charAt(i);
      digits = c >= '0' && c <= '9';
    }
    if (!digits) {
      throw new InvalidValueException(quote(text) + " is not a decimal integer (" + type + ")");
    }
  }

  private static double parseFloating(String text, String type) throws InvalidValueException {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!DECIMAL.matcher(text).matches()) {
          throw new InvalidValueException(
              quote(text) + " is not a number (" + type + "): expected a decimal, NaN, Infinity or -Infinity");
        }
        return Double.parseDouble(text);
    }
  }

  private static InvalidValueException outOfRange(String text, String type) {
    return new InvalidValueException(quote(text) + " is out of range for " + type);
  }
}
