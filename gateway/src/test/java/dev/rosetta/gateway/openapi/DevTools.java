package dev.rosetta.gateway.openapi;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol: just enough of it (navigate,
 * evaluate, screenshot) for one browser test, with no driver binary. Closing it ends the browser
 * and the processes it started.
 */
public final class DevTools implements AutoCloseable {
  private final Process browser;
  private final WebSocket socket;
  /** Commands sent and not yet answered, by id; the socket's listener completes them. */
  private final Map<Integer, CompletableFuture<Struct>> calls;
  private final AtomicInteger ids = new AtomicInteger();

  private DevTools(Process browser, WebSocket socket, Map<Integer, CompletableFuture<Struct>> calls) {
    this.browser = browser;
    this.socket = socket;
    this.calls = calls;
  }

  /**
   * Debian's chromium; skips the calling test when {@code ROSETTA_SKIP_BROWSER_TESTS=1}, fails it
   * with the advice to install chromium when it is missing.
   */
  public static String chromium() {
    org.junit.jupiter.api.Assumptions.assumeFalse("1".equals(System.getenv("ROSETTA_SKIP_BROWSER_TESTS")),
        "ROSETTA_SKIP_BROWSER_TESTS=1: browser test skipped on request");
    return List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new AssertionError("chromium is not installed: run .ci/install-browser.sh as root "
            + "(apt-get install -y chromium), or set ROSETTA_SKIP_BROWSER_TESTS=1 to skip this test"));
  }

  public static DevTools launch(String binary, Path profile) throws Exception {
    ProcessBuilder launch = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--window-size=1280,1600", "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling("chromium.log").toFile());
    // Chromium's own temporary files (its singleton socket's directory, which a stop by signal
    // leaves behind) go beside the profile, into the test's directory, not /tmp.
    launch.environment().put("TMPDIR", Files.createDirectories(profile.resolveSibling("chromium-tmp")).toString());
    Process browser = launch.start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!browser.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("chromium did not start (exit " + (browser.isAlive() ? "none" : browser.exitValue())
              + "): " + Files.readString(profile.resolveSibling("chromium.log")));
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      ListValue.Builder targets = ListValue.newBuilder();
      JsonFormat.parser().merge(list, targets);
      String url = targets.getValuesList().stream().map(Value::getStructValue)
          .filter(t -> t.getFieldsOrThrow("type").getStringValue().equals("page"))
          .map(t -> t.getFieldsOrThrow("webSocketDebuggerUrl").getStringValue())
          .findFirst().orElseThrow(() -> new AssertionError("no page target in " + list));
      Map<Integer, CompletableFuture<Struct>> calls = new ConcurrentHashMap<>();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), listener(calls)).get(10, TimeUnit.SECONDS);
      return new DevTools(browser, socket, calls);
    } catch (Exception | AssertionError e) {
      destroy(browser);
      throw e;
    }
  }

  private static WebSocket.Listener listener(Map<Integer, CompletableFuture<Struct>> calls) {
    return new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          try {
            Struct.Builder message = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(text.toString(), message);
            Value id = message.getFieldsMap().get("id");
            if (id != null) {
              CompletableFuture<Struct> call = calls.remove((int) id.getNumberValue());
              if (call != null) {
                call.complete(message.build());
              }
            }
          } catch (Exception e) {
            // events we do not read
          }
          text.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  /** Sends a command and waits for its result. */
  Struct call(String method, Struct params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Struct> answer = new CompletableFuture<>();
    calls.put(id, answer);
    Struct request = Struct.newBuilder()
        .putFields("id", Value.newBuilder().setNumberValue(id).build())
        .putFields("method", Value.newBuilder().setStringValue(method).build())
        .putFields("params", Value.newBuilder().setStructValue(params).build())
        .build();
    socket.sendText(JsonFormat.printer().omittingInsignificantWhitespace().print(request), true).get(10, TimeUnit.SECONDS);
    Struct response = answer.get(30, TimeUnit.SECONDS);
    if (response.containsFields("error")) {
      throw new AssertionError(method + " failed: " + response.getFieldsOrThrow("error"));
    }
    return response.getFieldsOrThrow("result").getStructValue();
  }

  public void navigate(String url) throws Exception {
    call("Page.navigate", params(Map.of("url", url)));
  }

  /** Evaluates a JavaScript expression in the page and returns its value. */
  public Value evaluate(String expression) throws Exception {
    Struct result = call("Runtime.evaluate", params(Map.of("expression", expression, "returnByValue", true)));
    return result.getFieldsOrThrow("result").getStructValue().getFieldsMap()
        .getOrDefault("value", Value.getDefaultInstance());
  }

  /** Polls {@code expression} until it is true, for at most {@code timeout}. */
  public void await(String what, String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!evaluate(expression).getBoolValue()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; page text: "
            + evaluate("document.body ? document.body.innerText.slice(0, 2000) : ''").getStringValue());
      }
      Thread.sleep(100);
    }
  }

  public byte[] screenshot() throws Exception {
    Struct result = call("Page.captureScreenshot", params(Map.of("format", "png", "captureBeyondViewport", true)));
    return java.util.Base64.getDecoder().decode(result.getFieldsOrThrow("data").getStringValue());
  }

  private static Struct params(Map<String, Object> values) {
    Struct.Builder params = Struct.newBuilder();
    values.forEach((k, v) -> params.putFields(k, v instanceof Boolean b
        ? Value.newBuilder().setBoolValue(b).build() : Value.newBuilder().setStringValue((String) v).build()));
    return params.build();
  }

  @Override
  public void close() {
    socket.abort();
    destroy(browser);
  }

  private static void destroy(Process browser) {
    List<ProcessHandle> children = browser.descendants().toList();
    browser.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      browser.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    browser.destroyForcibly();
  }
}
