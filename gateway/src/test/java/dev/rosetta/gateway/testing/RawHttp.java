package dev.rosetta.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a polite client library will not send: broken escapes,
 * control characters, pipelined requests. Reads responses framed by Content-Length or chunked,
 * with the trailer fields of a chunked one (which client libraries drop).
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  public RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  public void write(String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  public void write(byte[] raw) throws IOException {
    socket.getOutputStream().write(raw);
    socket.getOutputStream().flush();
  }

  /**
   * Sends one byte per TCP segment (Nagle off, a pause between bytes), so the server reads the
   * request in as many pieces as it has bytes.
   */
  public void writeByteByByte(String raw) throws IOException, InterruptedException {
    socket.setTcpNoDelay(true);
    for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
      socket.getOutputStream().write(b);
      socket.getOutputStream().flush();
      Thread.sleep(1);
    }
  }

  /** Reads one response; null when the server closed the connection first. */
  public Response read() throws IOException {
    return read(true);
  }

  /** Reads the response to a HEAD request: its Content-Length announces a body that is not sent. */
  public Response readHeadResponse() throws IOException {
    return read(false);
  }

  private Response read(boolean withBody) throws IOException {
    String head = readHead();
    if (head == null) {
      return null;
    }
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
    if (withBody && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return readChunked(status, headers);
    }
    int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(length);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** The chunks of a chunked body, joined, and the trailer section after the last one (RFC 9112 section 7.1). */
  private Response readChunked(int status, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine();
      int semicolon = size.indexOf(';');
      int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        break;
      }
      body.write(in.readNBytes(length));
      readLine(); // the CRLF after the chunk's data
    }
    Map<String, String> trailers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      trailers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8), trailers);
  }

  /** One CRLF-terminated line, without the CRLF. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("connection closed inside a chunked body");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** True when the server closes the connection within the socket timeout. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  public List<Response> readAll(int count) throws IOException {
    List<Response> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(read());
    }
    return out;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Header and trailer names in lower case; no trailers unless the body was chunked. */
  public record Response(int status, Map<String, String> headers, String body, Map<String, String> trailers) {
    public Response(int status, Map<String, String> headers, String body) {
      this(status, headers, body, Map.of());
    }
  }
}
