package dev.rosetta.gateway.backend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts one backend's calls by the endpoint address that answered them and the gRPC code they
 * closed with: what {@code /metrics} and the admin {@code /backends} page show per endpoint, for
 * every kind of target (a static list, {@code dns:///}, {@code xds:///}).
 *
 * <p>Bounded: at most {@value #MAX_ENDPOINTS} addresses per backend. In Kubernetes pod addresses
 * come and go, so when the table is full an address unused for {@value #IDLE_MINUTES} minutes
 * makes room; when none is that idle, new addresses count under {@code other}. A call that never
 * reached an endpoint (none ready, deadline before a pick) counts under {@code none}.
 *
 * <p>Runs on the event loops: a map lookup and an atomic add per call, nothing that blocks.
 */
final class EndpointCalls implements ClientInterceptor {
  static final int MAX_ENDPOINTS = 256;
  static final int IDLE_MINUTES = 10;
  static final String OTHER = "other";
  static final String NONE = "none";
  private static final Status.Code[] CODES = Status.Code.values();

  private final Map<SocketAddress, Endpoint> byAddress = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final Endpoint none;
  private final Endpoint other;

  EndpointCalls() {
    this(System::nanoTime);
  }

  /** @param nanoTime the clock that tells idle addresses ({@link System#nanoTime} outside tests) */
  EndpointCalls(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.none = new Endpoint(NONE, nanoTime.getAsLong());
    this.other = new Endpoint(OTHER, nanoTime.getAsLong());
  }

  /** Calls to one address, by code. */
  private static final class Endpoint {
    final String label;
    final LongAdder[] byCode = new LongAdder[CODES.length];
    volatile long lastUsedNanos;

    Endpoint(String label, long now) {
      this.label = label;
      this.lastUsedNanos = now;
      for (int i = 0; i < byCode.length; i++) {
        byCode[i] = new LongAdder();
      }
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        ClientCall<Q, R> call = delegate();
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            record(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), status.getCode());
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }

  void record(SocketAddress address, Status.Code code) {
    Endpoint endpoint = address == null ? none : byAddress.get(address);
    if (endpoint == null) {
      endpoint = add(address);
    }
    endpoint.lastUsedNanos = nanoTime.getAsLong();
    endpoint.byCode[code.ordinal()].increment();
  }

  private Endpoint add(SocketAddress address) {
    if (byAddress.size() >= MAX_ENDPOINTS) {
      long idle = nanoTime.getAsLong() - TimeUnit.MINUTES.toNanos(IDLE_MINUTES);
      byAddress.values().removeIf(e -> e.lastUsedNanos - idle < 0);
      if (byAddress.size() >= MAX_ENDPOINTS) {
        return other;
      }
    }
    return byAddress.computeIfAbsent(address, a -> new Endpoint(label(a), nanoTime.getAsLong()));
  }

  private static String label(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String host = inet.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /** Every address that carried calls (and {@code none}/{@code other} when they counted any), with its calls by code. */
  List<EndpointStats> snapshot() {
    List<EndpointStats> out = new ArrayList<>();
    for (Endpoint endpoint : byAddress.values()) {
      add(endpoint, out);
    }
    add(other, out);
    add(none, out);
    out.sort((a, b) -> a.address().compareTo(b.address()));
    return out;
  }

  private static void add(Endpoint endpoint, List<EndpointStats> out) {
    Map<String, Long> calls = new LinkedHashMap<>();
    for (int i = 0; i < CODES.length; i++) {
      long n = endpoint.byCode[i].sum();
      if (n > 0) {
        calls.put(CODES[i].name(), n);
      }
    }
    if (!calls.isEmpty()) {
      out.add(new EndpointStats(endpoint.label, calls));
    }
  }
}
