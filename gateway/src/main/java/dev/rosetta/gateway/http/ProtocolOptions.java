package dev.rosetta.gateway.http;

import java.time.Duration;

/**
 * What the front end speaks besides plain HTTP/1.1: HTTP/2 with its limits, and compression
 * (see docs/limits.md and docs/configuration.md). Immutable.
 *
 * @param http2 HTTP/2 (h2 by ALPN on TLS listeners, h2c on plain ones) and its limits
 * @param compression response compression and request decompression
 * @param grpc native gRPC
 */
public record ProtocolOptions(Http2 http2, Compression compression, Grpc grpc) {
  public static final ProtocolOptions DEFAULTS = new ProtocolOptions(Http2.DEFAULTS, Compression.DEFAULTS);

  public ProtocolOptions {
    if (http2 == null || compression == null || grpc == null) {
      throw new IllegalArgumentException("http2, compression and grpc settings are required");
    }
  }

  /** HTTP/2 and compression settings, native gRPC's defaults. */
  public ProtocolOptions(Http2 http2, Compression compression) {
    this(http2, compression, Grpc.DEFAULTS);
  }

  public ProtocolOptions withHttp2(Http2 http2) {
    return new ProtocolOptions(http2, compression, grpc);
  }

  public ProtocolOptions withCompression(Compression compression) {
    return new ProtocolOptions(http2, compression, grpc);
  }

  public ProtocolOptions withGrpc(Grpc grpc) {
    return new ProtocolOptions(http2, compression, grpc);
  }

  /**
   * Native gRPC (docs/protocols.md).
   *
   * @param passthroughUnknown a call of a method no descriptor set holds goes, bytes through, to
   *     the default backend; otherwise it is answered {@code UNIMPLEMENTED}
   * @param reflection the gateway answers server reflection ({@code grpc.reflection.v1} and
   *     {@code v1alpha}) from its descriptor sets; off, those methods are unknown like any other
   */
  public record Grpc(boolean passthroughUnknown, boolean reflection) {
    public static final Grpc DEFAULTS = new Grpc(false, true);

    public Grpc withPassthroughUnknown(boolean passthroughUnknown) {
      return new Grpc(passthroughUnknown, reflection);
    }

    public Grpc withReflection(boolean reflection) {
      return new Grpc(passthroughUnknown, reflection);
    }
  }

  /**
   * HTTP/2 on the public listeners and the limits every connection gets. The defaults follow
   * Go's HTTP/2 server for the windows (1 MiB per stream and per connection) and nginx for the
   * stream count; the protections against floods keep Netty's defaults, set explicitly here
   * ({@link Http2FloodLimits} enforces them).
   *
   * @param enabled serve h2 (ALPN) and h2c (prior knowledge and {@code Upgrade: h2c}); off leaves
   *     HTTP/1.1 only
   * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS: streams a client may have open
   *     at once; more are refused with RST_STREAM(REFUSED_STREAM)
   * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE in bytes (names, values and 32 bytes a
   *     field): larger gets 431; more than a quarter larger closes the connection
   * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE: the largest frame the client may send
   * @param initialStreamWindow SETTINGS_INITIAL_WINDOW_SIZE: how much of a stream's body the
   *     client may send before the gateway reads it; what one stream can buffer
   * @param connectionWindow the connection's receive window: what all of a connection's
   *     streams together can have in flight toward the gateway
   * @param maxResetsPerWindow RST_STREAM frames a client may send in {@link #RESET_WINDOW}
   *     (rapid reset, CVE-2023-44487); one more closes the connection with GOAWAY
   *     ENHANCE_YOUR_CALM; 0 for no limit
   * @param sendTimeout a stream whose response makes no progress for this long because the
   *     client keeps its flow-control window closed is reset and its buffers freed; zero for none
   */
  public record Http2(boolean enabled, int maxConcurrentStreams, int maxHeaderListSize, int maxFrameSize,
      int initialStreamWindow, int connectionWindow, int maxResetsPerWindow, Duration sendTimeout) {
    /** The window of {@link #maxResetsPerWindow}. */
    public static final Duration RESET_WINDOW = Duration.ofSeconds(30);
    /** Control frames (SETTINGS and PING acks, RST_STREAM) queued for a client that does not read. */
    public static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    /** CONTINUATION frames under 8 KiB in one header block (Netty's default, set explicitly). */
    public static final int MAX_SMALL_CONTINUATION_FRAMES = 16;
    /** Empty DATA frames without END_STREAM in a row (Netty's default, set explicitly). */
    public static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;

    public static final Http2 DEFAULTS =
        new Http2(true, 100, 16 << 10, 16 << 10, 1 << 20, 1 << 20, 200, Duration.ofSeconds(30));

    public Http2 {
      if (maxConcurrentStreams < 1) {
        throw new IllegalArgumentException("HTTP/2 max concurrent streams must be at least 1, not " + maxConcurrentStreams);
      }
      if (maxHeaderListSize < 1024) {
        throw new IllegalArgumentException("HTTP/2 max header list size must be at least 1KiB, not " + maxHeaderListSize);
      }
      // RFC 9113 section 6.5.2: the frame size lies between 2^14 and 2^24-1.
      if (maxFrameSize < 16_384 || maxFrameSize > 16_777_215) {
        throw new IllegalArgumentException("HTTP/2 max frame size must be between 16KiB and 16MiB-1, not " + maxFrameSize);
      }
      // The RFC's default window is 65,535 bytes; a smaller one only slows uploads down.
      if (initialStreamWindow < 65_535 || connectionWindow < 65_535) {
        throw new IllegalArgumentException("HTTP/2 flow-control windows must be at least 65535 bytes, not "
            + Math.min(initialStreamWindow, connectionWindow));
      }
      if (maxResetsPerWindow < 0) {
        throw new IllegalArgumentException("HTTP/2 max resets must be 0 (no limit) or more, not " + maxResetsPerWindow);
      }
      if (sendTimeout == null || sendTimeout.isNegative()) {
        throw new IllegalArgumentException("HTTP/2 send timeout must be zero or positive, not " + sendTimeout);
      }
    }

    public Http2 withEnabled(boolean enabled) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }

    public Http2 withMaxConcurrentStreams(int maxConcurrentStreams) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }

    public Http2 withMaxHeaderListSize(int maxHeaderListSize) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }

    public Http2 withWindows(int initialStreamWindow, int connectionWindow) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }

    public Http2 withMaxResetsPerWindow(int maxResetsPerWindow) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }

    public Http2 withSendTimeout(Duration sendTimeout) {
      return new Http2(enabled, maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindow,
          connectionWindow, maxResetsPerWindow, sendTimeout);
    }
  }

  /**
   * Compression on both HTTP versions alike.
   *
   * @param responses compress responses by the request's {@code Accept-Encoding} (gzip, deflate)
   *     when their type is text-like (JSON, NDJSON, SSE, text, XML, YAML)
   * @param minResponseSize whole responses smaller than this go out uncompressed (streamed
   *     responses are compressed whatever their size, and flushed message by message)
   * @param requests decode request bodies sent with {@code Content-Encoding: gzip} or
   *     {@code deflate}; off, such bodies get 415
   * @param maxRatio a request body may decode to at most this many times its compressed size
   *     (bodies up to {@link #RATIO_FREE_BYTES} decoded excepted); more gets 413; 0 for no limit.
   *     The body limit applies to the decoded size in any case.
   */
  public record Compression(boolean responses, int minResponseSize, boolean requests, int maxRatio) {
    /** Decoded bytes a request body may have before its ratio is checked: small bodies compress well. */
    public static final int RATIO_FREE_BYTES = 64 << 10;

    public static final Compression DEFAULTS = new Compression(true, 1024, true, 200);

    public Compression {
      if (minResponseSize < 0 || maxRatio < 0) {
        throw new IllegalArgumentException("compression sizes and ratios cannot be negative");
      }
    }

    public Compression withResponses(boolean responses) {
      return new Compression(responses, minResponseSize, requests, maxRatio);
    }

    public Compression withMinResponseSize(int minResponseSize) {
      return new Compression(responses, minResponseSize, requests, maxRatio);
    }

    public Compression withRequests(boolean requests) {
      return new Compression(responses, minResponseSize, requests, maxRatio);
    }

    public Compression withMaxRatio(int maxRatio) {
      return new Compression(responses, minResponseSize, requests, maxRatio);
    }
  }
}
