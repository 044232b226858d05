package dev.rosetta.gateway.http;

import java.util.List;

/**
 * Told about every HTTP exchange of the public listener: metrics and the access log hang here.
 * Called on the connection's event loop, so an implementation must be quick and never block;
 * {@link #onEnd} follows every {@link #onStart} exactly once, also when the client goes away
 * before its answer (status 499).
 */
public interface ExchangeObserver {
  ExchangeObserver NONE = new ExchangeObserver() {
    @Override
    public void onStart() {}

    @Override
    public void onEnd(CompletedExchange exchange) {}
  };

  /** A request head has been read. */
  void onStart();

  /** Its response has been handed to the socket (or the client went away). */
  void onEnd(CompletedExchange exchange);

  /**
   * The tracer of exchanges, when this observer traces them; null (the default) when not. Asked
   * once per connection, so that with tracing off nothing is asked per request.
   */
  default ExchangeTracer tracer() {
    return null;
  }

  /** Tells each of {@code observers}, in order. */
  static ExchangeObserver all(List<ExchangeObserver> observers) {
    List<ExchangeObserver> list = List.copyOf(observers);
    if (list.isEmpty()) {
      return NONE;
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    return new ExchangeObserver() {
      @Override
      public void onStart() {
        for (ExchangeObserver o : list) {
          o.onStart();
        }
      }

      @Override
      public void onEnd(CompletedExchange exchange) {
        for (ExchangeObserver o : list) {
          o.onEnd(exchange);
        }
      }

      @Override
      public ExchangeTracer tracer() {
        for (ExchangeObserver o : list) {
          if (o.tracer() != null) {
            return o.tracer();
          }
        }
        return null;
      }
    };
  }
}
