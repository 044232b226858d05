package dev.rosetta.gateway.bind;

/**
 * A request that cannot become the gRPC request message: a bad path variable, query parameter or
 * body. The message is meant for the client (it becomes an INVALID_ARGUMENT status, HTTP 400) and
 * names the parameter or field and the problem, e.g. {@code invalid query parameter "page_size":
 * "ten" is not a decimal integer}.
 */
public final class BindException extends Exception {
  public BindException(String message) {
    super(message);
  }
}
