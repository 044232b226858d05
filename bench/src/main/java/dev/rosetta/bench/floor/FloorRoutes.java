package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * The floor's answers to the two echo routes of the grpc-gateway example, the way the whole chain
 * (gateway and echo backend) would make them, whatever the protocol they are served over
 * ({@link FloorHandler}, {@link FloorH2Handler}):
 *
 * <ul>
 *   <li>{@code POST /v1/example/echo/{id}} → {@code {"id":"<id>"}};
 *   <li>{@code POST /v1/example/echo_body} with {@code {"id":"..."}} → the same JSON back (the
 *       backend echoes the message and the benchmark's bodies are already in canonical form, so
 *       the body is returned as is: the floor does no JSON work at all).
 * </ul>
 *
 * Anything else is a 404 with {@code {}}. No allocation beyond the response buffer.
 */
final class FloorRoutes {
  private static final String ECHO = "/v1/example/echo/";
  private static final String ECHO_BODY = "/v1/example/echo_body";
  private static final byte[] OPEN = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);

  private FloorRoutes() {}

  /** An answer's status and its JSON body. */
  record Answer(HttpResponseStatus status, ByteBuf body) {}

  /** The answer to {@code path}; {@code requestBody} is the caller's no more (it becomes the answer's, or is released). */
  static Answer answer(ByteBufAllocator alloc, String path, ByteBuf requestBody) {
    if (path.equals(ECHO_BODY)) {
      return new Answer(HttpResponseStatus.OK, requestBody);
    }
    requestBody.release();
    if (path.startsWith(ECHO) && path.indexOf('/', ECHO.length()) < 0) {
      String id = path.substring(ECHO.length());
      ByteBuf body = alloc.buffer(id.length() + 10).writeBytes(OPEN);
      ByteBufUtil.writeAscii(body, id);
      return new Answer(HttpResponseStatus.OK, body.writeBytes(CLOSE));
    }
    return new Answer(HttpResponseStatus.NOT_FOUND, alloc.buffer(2).writeBytes(EMPTY));
  }
}
