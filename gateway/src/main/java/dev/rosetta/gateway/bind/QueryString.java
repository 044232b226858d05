package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.InvalidValueException.quote;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw query string into decoded name/value pairs, by the
 * {@code application/x-www-form-urlencoded} rules of the WHATWG URL standard, strictly:
 *
 * <pre>
 * query     = [ pair *( "&amp;" pair ) ]
 * pair      = name [ "=" value ]        ; the first "=" splits; no "=" means an empty value
 * name      = *( char | "+" | escape )  ; "+" is a space
 * value     = *( char | "+" | escape )  ; later "=" are part of the value
 * escape    = "%" HEXDIG HEXDIG          ; bytes, then decoded as UTF-8
 * </pre>
 *
 * Empty pairs ({@code a=1&&b=2}, a trailing {@code &}) are skipped. Unlike the lenient WHATWG
 * decoder, a malformed escape ({@code %zz}, a trailing {@code %}) or bytes that are not UTF-8 are
 * a {@link BindException} naming the parameter: silently keeping or replacing them would bind a
 * value the client did not send. Stateless.
 */
final class QueryString {
  /** One decoded parameter, in the order it appears. */
  record Parameter(String name, String value) {}

  private QueryString() {}

  /** Parses {@code rawQuery} (the text after {@code ?}, without it); null or empty gives no pairs. */
  static List<Parameter> parse(String rawQuery) throws BindException {
    List<Parameter> parameters = new ArrayList<>();
    if (rawQuery == null) {
      return parameters;
    }
    int start = 0;
    int length = rawQuery.length();
    while (start <= length) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        int equals = rawQuery.indexOf('=', start);
        boolean hasValue = equals >= 0 && equals < end;
        String rawName = rawQuery.substring(start, hasValue ? equals : end);
        String name = decode(rawName, rawName, "name");
        String value = hasValue ? decode(rawQuery.substring(equals + 1, end), name, "value") : "";
        parameters.add(new Parameter(name, value));
      }
      start = end + 1;
    }
    return parameters;
  }

  /** Decodes one name or value; {@code parameter} names it in errors (the raw text for a name). */
  static String decode(String raw, String parameter, String part) throws BindException {
    if (raw.indexOf('%') < 0) {
      return raw.indexOf('+') < 0 ? raw : raw.replace('+', ' '); // the common case: no bytes to decode
    }
    byte[] bytes = new byte[raw.length() * 3]; // a non-ASCII char takes at most 3 UTF-8 bytes per UTF-16 unit
    int size = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (low < 0) {
          throw new BindException("malformed query parameter " + quote(parameter) + ": bad percent-encoding in its "
              + part + " at " + quote(raw.substring(i, Math.min(i + 3, raw.length()))));
        }
        bytes[size++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c == '+') {
        bytes[size++] = ' ';
      } else if (c < 0x80) {
        bytes[size++] = (byte) c;
      } else {
        // A raw non-ASCII character (the HTTP layer gave us a String): re-encode it as UTF-8.
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        byte[] utf8 = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, size))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BindException(
          "malformed query parameter " + quote(parameter) + ": its " + part + " is not valid UTF-8 once percent-decoded");
    }
  }
}
