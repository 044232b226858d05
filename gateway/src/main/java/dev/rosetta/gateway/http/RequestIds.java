package dev.rosetta.gateway.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id of an exchange: the client's {@code X-Request-Id} when it is a sane token,
 * otherwise a fresh random one. It goes to the backend as metadata {@code x-request-id} and back
 * to the client as {@code X-Request-Id}, so one id follows a request through logs on both sides.
 */
final class RequestIds {
  static final String HEADER = "x-request-id";
  private static final int MAX_LENGTH = 128;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  /** {@code given} when usable (1..128 visible ASCII characters), else a new id. */
  static String of(String given) {
    return usable(given) ? given : generate();
  }

  /**
   * 128 random bits in hex. ThreadLocalRandom, not UUID.randomUUID(): ids need to be unique, not
   * unpredictable, and SecureRandom's lock would be shared by every event loop.
   */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[32];
    long hi = random.nextLong();
    long lo = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xF];
      out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out);
  }

  private static boolean usable(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }
}
