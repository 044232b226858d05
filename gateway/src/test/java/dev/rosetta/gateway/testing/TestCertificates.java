package dev.rosetta.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority, a server certificate for {@code rosetta.test} and
 * 127.0.0.1, and a client certificate, made with the {@code openssl} command line in a
 * directory of the test's own. Keys are PEM PKCS#8, as grpc-java reads them.
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"),
        dir.resolve("server.key"), dir.resolve("client.pem"), dir.resolve("client.key"));
    Path caKey = dir.resolve("ca.key");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", c.ca.toString(),
        "-days", "2", "-subj", "/CN=Rosetta Test CA");
    issue(dir, c.serverKey, c.serverCert, caKey, c.ca, "/CN=rosetta.test",
        "subjectAltName=DNS:rosetta.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    issue(dir, c.clientKey, c.clientCert, caKey, c.ca, "/CN=rosetta-gateway", "extendedKeyUsage=clientAuth\n");
    return c;
  }

  /** A client TLS context that trusts the test CA (and nothing else). */
  public javax.net.ssl.SSLContext trustingContext() throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(ca)) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory factory =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static void issue(Path dir, Path key, Path cert, Path caKey, Path ca, String subject, String extensions)
      throws IOException, InterruptedException {
    Path csr = dir.resolve(cert.getFileName() + ".csr");
    Path ext = dir.resolve(cert.getFileName() + ".ext");
    Files.writeString(ext, extensions);
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
        "-subj", subject);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
  }
}
