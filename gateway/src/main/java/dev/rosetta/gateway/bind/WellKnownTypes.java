package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.InvalidValueException.quote;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import com.google.protobuf.WireFormat;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The well-known message types a path variable or query parameter may set from text, by their
 * proto3 JSON string forms: {@code Timestamp} (RFC 3339), {@code Duration} ({@code "1.5s"}),
 * {@code FieldMask} ({@code "displayName,author.name"}, lowerCamel turned into snake_case paths)
 * and the nine wrappers (the wrapped value by the scalar rules). Stateless.
 *
 * <p>Types are recognised by full name, not by descriptor identity: a registry loaded from a
 * descriptor set has its own copies of {@code google/protobuf/*.proto}.
 */
final class WellKnownTypes {
  static final String TIMESTAMP = "google.protobuf.Timestamp";
  static final String DURATION = "google.protobuf.Duration";
  static final String FIELD_MASK = "google.protobuf.FieldMask";
  private static final Set<String> WRAPPERS = Set.of(
      "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue");

  private WellKnownTypes() {}

  /** Whether a value of {@code type} can be written as one text value. */
  static boolean isScalarLike(Descriptor type) {
    String name = type.getFullName();
    return name.equals(TIMESTAMP) || name.equals(DURATION) || name.equals(FIELD_MASK) || WRAPPERS.contains(name);
  }

  /**
   * Returns the content of a {@code type} message (without tag or length) for {@code text}. A
   * wrapper always holds its value field, even a default one: {@code Int32Value} from {@code "0"}
   * must still be a present message, and writing field 1 explicitly is the plainest way to say so.
   */
  static byte[] encode(Descriptor type, String text) throws InvalidValueException {
    String name = type.getFullName();
    WireWriter out = new WireWriter(16);
    switch (name) {
      case TIMESTAMP -> {
        Timestamp timestamp;
        try {
          // Stricter than Timestamps.parse alone, which rolls 2024-02-30 over to March 1st:
          // java.time checks the calendar, Timestamps the range proto allows (years 1 to 9999).
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
          timestamp = Timestamps.parse(text);
        } catch (DateTimeParseException | ParseException | IllegalArgumentException e) {
          throw new InvalidValueException(
              quote(text) + " is not an RFC 3339 timestamp (e.g. 2024-05-01T12:30:00Z)");
        }
        writeSecondsAndNanos(out, timestamp.getSeconds(), timestamp.getNanos());
      }
      case DURATION -> {
        Duration duration;
        try {
          duration = Durations.parse(text);
        } catch (ParseException | IllegalArgumentException e) {
          throw new InvalidValueException(quote(text) + " is not a duration (seconds with an s suffix, e.g. 1.5s)");
        }
        writeSecondsAndNanos(out, duration.getSeconds(), duration.getNanos());
      }
      case FIELD_MASK -> {
        FieldMask mask;
        try {
          mask = FieldMaskUtil.fromJsonString(text);
        } catch (IllegalArgumentException e) {
          throw new InvalidValueException(quote(text) + " is not a field mask (e.g. displayName,author.name)");
        }
        for (String path : mask.getPathsList()) {
          out.writeLengthDelimited(1, path.getBytes(StandardCharsets.UTF_8));
        }
      }
      default -> {
        if (!WRAPPERS.contains(name)) {
          throw new InvalidValueException(
              "a " + name + " message cannot be set from text; set its fields one by one");
        }
        ValueEncoder.write(out, type.findFieldByNumber(1), text, false);
      }
    }
    return out.toByteArray();
  }

  /** Timestamp and Duration share their layout: int64 seconds = 1, int32 nanos = 2. */
  private static void writeSecondsAndNanos(WireWriter out, long seconds, int nanos) {
    if (seconds != 0) {
      out.writeTag(1, WireFormat.WIRETYPE_VARINT);
      out.writeVarint(seconds);
    }
    if (nanos != 0) {
      out.writeTag(2, WireFormat.WIRETYPE_VARINT);
      out.writeVarint(nanos); // int32 varints are sign-extended; an int widens to long the same way
    }
  }
}
