package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words the HTTP/1.1 decoder's refusals of a request for the client. The gateway's own
 * ({@link RequestHeadException}) pass as they are; Netty's are said in the gateway's words, since
 * its messages are written for Netty's users ({@code text is empty (possibly HTTP/0.9)},
 * {@code Invalid character in chunk size}, {@code Validation failed for header 'X'}); one it does
 * not know is a bare {@code malformed HTTP request}. Every answer is 400, but 414 for the request line and 431 for the header block.
 *
 * <pre>
 * 414  request line is longer than the limit of 8192 bytes
 * 431  request headers are larger than the limit of 16384 bytes
 * 431  too many header fields: 31, the limit is 20                      (RequestGuard)
 * 400  malformed HTTP request: header name "Ho st" is not a token ...
 * 400  malformed HTTP request: invalid chunk size
 * </pre>
 *
 * Stateless.
 */
final class DecoderFailures {
  private static final String MALFORMED = "malformed HTTP request";
  private static final String REQUEST_LINE =
      "the request line is not METHOD, a space, the target, a space and HTTP/1.1";
  /** The name in Netty's header-name and header-value messages: {@code ... of header 'Ho st'.} */
  private static final Pattern HEADER_NAME = Pattern.compile("header '(.*)'\\.?$");

  private DecoderFailures() {}

  /** The answer to a request whose head the decoder (or {@link RequestGuard}) refused. */
  static GatewayError head(Throwable cause, ServerOptions options) {
    if (cause instanceof ExchangeException refused) {
      return refused.error(); // answered by a handler before the connection's, in its own words
    }
    if (cause instanceof RequestHeadException ours) {
      return new GatewayError(ours.status(), Status.Code.INVALID_ARGUMENT, ours.getMessage(),
          ours.status() == 431 ? Reasons.HEADERS_TOO_LARGE : Reasons.MALFORMED_REQUEST);
    }
    if (cause instanceof TooLongHttpLineException) {
      return new GatewayError(414, Status.Code.INVALID_ARGUMENT,
          "request line is longer than the limit of " + options.maxInitialLineBytes() + " bytes", Reasons.URI_TOO_LONG);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new GatewayError(431, Status.Code.INVALID_ARGUMENT,
          "request headers are larger than the limit of " + options.maxHeaderBytes() + " bytes",
          Reasons.HEADERS_TOO_LARGE);
    }
    return malformed(headProblem(cause));
  }

  /** The answer to a request whose body the decoder gave up in (its chunked framing). */
  static GatewayError body(Throwable cause) {
    if (cause instanceof ExchangeException refused) {
      return refused.error(); // RequestDecompressor's: a body that does not decode or decodes too far
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    if (cause instanceof NumberFormatException) {
      return malformed("invalid chunk size (a hexadecimal number of at most 8 digits)");
    }
    if (cause instanceof InvalidChunkExtensionException) {
      return malformed("invalid chunk extension");
    }
    if (cause instanceof InvalidChunkTerminationException) {
      return malformed("a chunk's data is not followed by CRLF");
    }
    if (cause instanceof InvalidLineSeparatorException) {
      return malformed("a line ends with a bare LF (lines end with CRLF)");
    }
    if (cause instanceof TooLongFrameException) {
      return malformed("a chunk-size line or the trailer section is too long");
    }
    if (message.startsWith("prohibited trailing header")) {
      return malformed("a trailer field that only the head may carry (such as Content-Length)");
    }
    return malformed(null);
  }

  /** What is wrong with the head, in the gateway's words; null when Netty's text is not one it knows. */
  private static String headProblem(Throwable cause) {
    if (cause instanceof InvalidLineSeparatorException) {
      return "a line ends with a bare LF (lines end with CRLF)";
    }
    if (cause instanceof TransferEncodingNotAllowedException) {
      return "Transfer-Encoding is not allowed before HTTP/1.1";
    }
    if (cause instanceof ContentLengthNotAllowedException) {
      return "both Transfer-Encoding and Content-Length are present";
    }
    if (cause instanceof TooLongFrameException) {
      return "a line of the head is too long";
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    if (message.startsWith("Content-Length value is not a number: ")) {
      return "Content-Length \"" + message.substring("Content-Length value is not a number: ".length())
          + "\" is not a number of bytes";
    }
    if (message.startsWith("Multiple Content-Length values")) {
      return "more than one Content-Length";
    }
    if (message.startsWith("chunked must be the last encoding")) {
      return "Transfer-Encoding must end with chunked";
    }
    if (message.startsWith("Validation failed for header ")) {
      return "the value of header " + headerName(message) + " has a control character";
    }
    if (message.startsWith("a header name can only contain")) {
      return "header name " + headerName(message) + " is not a token (letters, digits and !#$%&'*+-.^_`|~)";
    }
    if (message.equals("No colon found") || message.startsWith("empty headers are not allowed")
        || message.equals("Invalid separator")) {
      return "a header line is not a name, a colon and a value";
    }
    if (message.startsWith("text is empty") || message.startsWith("invalid version format")
        || message.startsWith("Invalid version number") || message.startsWith("invalid character in protocolName")
        || message.startsWith("protocolName must not be empty") || message.startsWith("text must not be empty")
        || message.startsWith("Illegal character in request line") || message.startsWith("Invalid separator, only")
        || message.startsWith("initialLine") || message.startsWith("Illegal character in HTTP Method")
        || message.startsWith("name cannot be empty") || message.startsWith("The HTTP method name contain")
        || message.startsWith("The URI contain illegal characters")) {
      return REQUEST_LINE;
    }
    return null;
  }

  /** The header name quoted in Netty's message, or "a header" when there is none. */
  private static String headerName(String message) {
    Matcher name = HEADER_NAME.matcher(message);
    return name.find() ? "\"" + name.group(1) + "\"" : "a header";
  }

  private static GatewayError malformed(String problem) {
    return GatewayError.of(Status.Code.INVALID_ARGUMENT, problem == null ? MALFORMED : MALFORMED + ": " + problem,
        Reasons.MALFORMED_REQUEST);
  }
}
