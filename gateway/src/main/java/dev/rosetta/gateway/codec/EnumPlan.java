package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** An enum's names and numbers as UTF-8 bytes, for printing and parsing without Strings. Immutable. */
final class EnumPlan {
  final String fullName;
  /** {@code google.protobuf.NullValue}: always JSON {@code null} (proto3 JSON mapping). */
  final boolean nullValue;
  private final int[] sortedNumbers;
  /** {@code "NAME"} with quotes, for the canonical (first declared) value of each number. */
  private final byte[][] quotedNameByNumber;
  private final byte[][] names;
  private final int[] numbersOfNames;

  EnumPlan(EnumDescriptor type) {
    this.fullName = type.getFullName();
    this.nullValue = fullName.equals("google.protobuf.NullValue");
    List<EnumValueDescriptor> values = type.getValues();
    names = new byte[values.size()][];
    numbersOfNames = new int[values.size()];
    for (int i = 0; i < values.size(); i++) {
      names[i] = values.get(i).getName().getBytes(StandardCharsets.UTF_8);
      numbersOfNames[i] = values.get(i).getNumber();
    }
    sortedNumbers = values.stream().mapToInt(EnumValueDescriptor::getNumber).distinct().sorted().toArray();
    quotedNameByNumber = new byte[sortedNumbers.length][];
    for (int i = 0; i < sortedNumbers.length; i++) {
      // findValueByNumber gives the first declared value of a number, as DynamicMessage does.
      String name = type.findValueByNumber(sortedNumbers[i]).getName();
      quotedNameByNumber[i] = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** {@code "NAME"} for a known number; null for a number the enum does not declare. */
  byte[] quotedName(int number) {
    int i = Arrays.binarySearch(sortedNumbers, number);
    return i >= 0 ? quotedNameByNumber[i] : null;
  }

  /**
   * The number of the first declared value whose name equals {@code buf[off, off+len)} ignoring
   * ASCII case; {@code Long.MIN_VALUE} when none. Enum names are ASCII (proto identifiers).
   */
  long numberOfIgnoringCase(byte[] buf, int off, int len) {
    for (int i = 0; i < names.length; i++) {
      byte[] name = names[i];
      if (name.length == len && equalsIgnoringCase(name, buf, off)) {
        return numbersOfNames[i];
      }
    }
    return Long.MIN_VALUE;
  }

  private static boolean equalsIgnoringCase(byte[] name, byte[] buf, int off) {
    for (int k = 0; k < name.length; k++) {
      if (name[k] != buf[off + k] && lower(name[k]) != lower(buf[off + k])) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** The first {@code max} value names, comma-separated ({@code ...} after them when there are more). */
  String names(int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.length && i < max; i++) {
      out.append(i == 0 ? "" : ", ").append(new String(names[i], StandardCharsets.UTF_8));
    }
    return names.length > max ? out.append(", ...").toString() : out.toString();
  }

  /** The number of the value named {@code buf[off, off+len)}; {@code Long.MIN_VALUE} when none. */
  long numberOf(byte[] buf, int off, int len) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].length == len && Arrays.equals(names[i], 0, len, buf, off, off + len)) {
        return numbersOfNames[i];
      }
    }
    return Long.MIN_VALUE;
  }
}
