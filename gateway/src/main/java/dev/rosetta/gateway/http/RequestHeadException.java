package dev.rosetta.gateway.http;

/**
 * A request head the gateway refuses itself, after Netty's decoder let it through
 * ({@link RequestDecoder}'s line folding, {@link RequestGuard}'s framing and header count): set as
 * the request's failed decoder result, and answered with {@code status} and this message as it is
 * ({@link DecoderFailures}), since it is written for the client.
 */
final class RequestHeadException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** @param status 400, or 431 for too many header fields */
  RequestHeadException(int status, String message) {
    super(message, null);
    this.status = status;
  }

  int status() {
    return status;
  }

  /** No stack trace: the exception carries a refusal, it reports no fault. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
