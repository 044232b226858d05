package dev.rosetta.gateway.policy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rosetta.gateway.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An identity provider's key endpoint: a real HTTPS server (the JDK's) on an ephemeral loopback
 * port, with a certificate from a test CA, serving whatever JWK Set the test publishes now (so
 * it can rotate keys) and counting the fetches.
 */
final class JwksServer implements AutoCloseable {
  final TestCertificates certificates;
  final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
  private final AtomicInteger status = new AtomicInteger(200);
  private final HttpsServer server;

  JwksServer(Path dir) throws Exception {
    certificates = TestCertificates.create(dir);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificates)));
    server.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status.get(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  /** Publishes a new key set: the next fetch gets it. */
  void publish(String jwks) {
    body.set(jwks);
  }

  /** Makes every fetch fail with {@code code} (200 restores it). */
  void answer(int code) {
    status.set(code);
  }

  URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  private static SSLContext sslContext(TestCertificates c) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(c.serverCert())) {
      chain = factory.generateCertificates(in).toArray(Certificate[]::new);
    }
    String pem = Files.readString(c.serverKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, new char[0], chain);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
  }
}
