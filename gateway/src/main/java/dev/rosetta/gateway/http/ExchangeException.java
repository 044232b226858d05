package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;

/**
 * A step of an exchange (binding, the backend call's start, a message sent, a response printed)
 * refused with the error the client gets. No stack trace: it is an answer, not a bug.
 */
final class ExchangeException extends Exception {
  private final GatewayError error;

  ExchangeException(GatewayError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  GatewayError error() {
    return error;
  }
}
