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
 * control characters, pipelined requests. Reads responses framed by Content-Length.
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
    int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(length);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
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

  public record Response(int status, Map<String, String> headers, String body) {}
}
