package dev.rosetta.gateway.policy;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches JWK Sets, from HTTPS with the JDK's {@link HttpClient} (asynchronous, bounded by the
 * provider's fetch timeout and 1 MiB of body) or from files, and runs the refresh timers. All of
 * it on one daemon thread of its own ({@code rosetta-jwks}), never on an event loop: reading a
 * file blocks, and parsing a key set is not free. Thread safe.
 */
final class JwksFetcher implements AutoCloseable {
  /** A JWKS is a few keys, a few KB; a larger answer is not one, and must not fill the heap. */
  static final int MAX_BYTES = 1 << 20;

  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rosetta-jwks");
    t.setDaemon(true);
    return t;
  });
  /** One client per trust configuration (null key: the JVM's trust store). */
  private final Map<Path, HttpClient> clients = new HashMap<>();

  /** Reads the set {@code spec} names; completes exceptionally, with a message fit for a log line, on failure. */
  CompletableFuture<JWKSet> fetch(JwksSpec spec) {
    if (spec.file() != null) {
      return CompletableFuture.supplyAsync(() -> readFile(spec.file()), thread);
    }
    HttpClient client;
    try {
      client = client(spec);
    } catch (IOException | GeneralSecurityException e) {
      return CompletableFuture.failedFuture(new IOException("cannot use the CA file " + spec.caFile() + ": " + e.getMessage(), e));
    }
    HttpRequest request = HttpRequest.newBuilder(spec.url()).timeout(spec.fetchTimeout())
        .header("Accept", "application/jwk-set+json, application/json").GET().build();
    return client.sendAsync(request, info -> new LimitedBody(info.statusCode()))
        .thenApply(HttpResponse::body)
        .thenApply(JwksFetcher::parse)
        // HttpRequest.timeout ends at the response head; a body that trickles is bounded here.
        .orTimeout(spec.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} every {@code interval} on the fetcher's thread. */
  ScheduledFuture<?> every(Duration interval, Runnable task) {
    long millis = Math.max(10, interval.toMillis());
    return thread.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} once after {@code delay}, on the fetcher's thread. */
  void later(Duration delay, Runnable task) {
    thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A change stamp of a file (modification time and size), or -1 when it cannot be read. */
  static long stamp(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static JWKSet readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IllegalStateException("larger than 1 MiB");
      }
      return parse(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read: " + e.getMessage(), e);
    }
  }

  private static JWKSet parse(byte[] body) {
    try {
      return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("not a JWK Set: " + e.getMessage(), e);
    }
  }

  private synchronized HttpClient client(JwksSpec spec) throws IOException, GeneralSecurityException {
    HttpClient client = clients.get(spec.caFile());
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().executor(thread)
          .connectTimeout(spec.fetchTimeout()).followRedirects(HttpClient.Redirect.NEVER);
      if (spec.caFile() != null) {
        builder.sslContext(trusting(spec.caFile()));
      }
      client = builder.build();
      clients.put(spec.caFile(), client);
    }
    return client;
  }

  private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new GeneralSecurityException("no certificate in the file");
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** A response body collected up to {@link #MAX_BYTES}; a larger one, or a status other than 200, fails. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int status;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBody(int status) {
      this.status = status;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (status != 200) {
        subscription.cancel();
        result.completeExceptionally(new IOException("HTTP status " + status));
      } else {
        subscription.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + buffer.remaining() > MAX_BYTES) {
          subscription.cancel();
          result.completeExceptionally(new IOException("larger than 1 MiB"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
