package dev.rosetta.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI, from the {@code org.webjars:swagger-ui} jar on the class path (nothing is fetched at
 * run time), pointed at the gateway's own {@code /openapi.json}. The few files it needs are read
 * into memory once, so serving them never touches the disk from an event loop.
 */
public final class SwaggerUi {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String[][] FILES = {
    {"swagger-ui.css", "text/css; charset=utf-8"},
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {"favicon-32x32.png", "image/png"},
  };

  /** A file's content type and bytes (shared; never changed). */
  public record Asset(String contentType, byte[] body) {}

  private final Map<String, Asset> assets;

  private SwaggerUi(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /**
   * Reads the UI from the webjar under {@code prefix} (e.g. {@code /docs}): {@code prefix} itself is
   * the page, {@code prefix/<file>} its files.
   *
   * @throws IOException when the webjar is not on the class path
   */
  public static SwaggerUi load(ClassLoader loader, String prefix, String specPath) throws IOException {
    String version = version(loader);
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (String[] file : FILES) {
      try (InputStream in = loader.getResourceAsStream(WEBJAR + version + "/" + file[0])) {
        if (in == null) {
          throw new IOException("swagger-ui " + version + " has no " + file[0]);
        }
        assets.put(prefix + "/" + file[0], new Asset(file[1], in.readAllBytes()));
      }
    }
    assets.put(prefix, new Asset("text/html; charset=utf-8", page(prefix, specPath).getBytes(StandardCharsets.UTF_8)));
    assets.put(prefix + "/", assets.get(prefix));
    return new SwaggerUi(Map.copyOf(assets));
  }

  /** The asset at {@code path}, or null. */
  public Asset find(String path) {
    return assets.get(path);
  }

  private static String version(ClassLoader loader) throws IOException {
    try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IOException("the swagger-ui webjar is not on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }

  /** The page: Swagger UI's bundle with "Try it out" on, reading the spec from this gateway. */
  private static String page(String prefix, String specPath) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>API documentation</title>
          <link rel="icon" type="image/png" href="PREFIX/favicon-32x32.png">
          <link rel="stylesheet" href="PREFIX/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="PREFIX/swagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({url: "SPEC", dom_id: "#swagger-ui", deepLinking: true});
          </script>
        </body>
        </html>
        """.replace("PREFIX", prefix).replace("SPEC", specPath);
  }
}
